/* Teller Messenger emulator: the browser side. Plain script, no build step. */
/* global document, window, sessionStorage, fetch, EventSource, setTimeout, clearTimeout */
'use strict';

(function () {
  const KEY = 'teller.emulator.psid';
  const DEMO_LOCATION = { lat: 51.5308, lon: -0.1238 }; // King's Cross, London
  const DEFAULT_GET_STARTED = 'teller:get_started';
  const $ = (id) => document.getElementById(id);
  const log = $('log');
  const quick = $('quick');
  const typing = $('typing');
  const input = $('text');
  const status = $('status');
  const welcome = $('welcome');
  let psid = sessionStorage.getItem(KEY);
  let events;
  let typingTimer;
  let profile = {};

  function newPsid() {
    const digits = new Uint8Array(16);
    window.crypto.getRandomValues(digits);
    return Array.from(digits, (d, i) => (i === 0 ? 1 + (d % 9) : d % 10)).join('');
  }

  function el(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text; // never innerHTML: bot text is untrusted
    return node;
  }

  function say(message) {
    status.textContent = '';
    welcome.hidden = true;
    return fetch('/emulator/send', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ psid, ...message }),
    })
      .then((res) => res.json().then((body) => ({ res, body })))
      .then(({ res, body }) => {
        if (!res.ok) status.textContent = body.error || 'Could not deliver the message to the bot.';
      })
      .catch(() => {
        status.textContent = 'The emulator server is not reachable.';
      });
  }

  function button(spec) {
    const title = spec.title || (spec.type === 'account_link' ? 'Log In' : spec.type);
    const b = el('button', '', title);
    b.type = 'button';
    if (spec.type === 'postback') {
      b.addEventListener('click', () => say({ kind: 'postback', payload: spec.payload, title }));
    } else if (spec.type === 'web_url') {
      b.addEventListener('click', () => window.open(spec.url, '_blank', 'noopener'));
    } else if (spec.type === 'account_link') {
      // Messenger opens the bank's login in its in-app browser: here, a separate window.
      b.addEventListener('click', () => window.open(spec.url, '_blank', 'popup,width=520,height=760'));
    } else if (spec.type === 'phone_number') {
      b.addEventListener('click', () => window.open('tel:' + spec.payload, '_self'));
    } else {
      b.disabled = true;
      b.title = spec.type + ' buttons are not emulated';
    }
    return b;
  }

  function actions(list) {
    const box = el('div', 'actions');
    for (const spec of list || []) box.append(button(spec));
    return box;
  }

  function card(element) {
    const node = el('article', 'card');
    if (element.image_url) {
      const img = el('img');
      img.src = element.image_url;
      img.alt = '';
      node.append(img);
    }
    const body = el('div', 'body');
    body.append(el('h3', '', element.title));
    if (element.subtitle) body.append(el('p', '', element.subtitle));
    node.append(body, actions(element.buttons));
    return node;
  }

  function renderAttachment(a) {
    const p = a.payload || {};
    if (a.type === 'template' && p.template_type === 'button') {
      const box = el('div', 'template');
      box.append(el('div', 'bubble', p.text), actions(p.buttons));
      return box;
    }
    if (a.type === 'template' && p.template_type === 'generic') {
      const box = el('div', 'carousel');
      box.setAttribute('role', 'group');
      box.setAttribute('aria-label', 'Cards');
      box.tabIndex = 0;
      for (const element of p.elements || []) box.append(card(element));
      return box;
    }
    if (a.type === 'template')
      return el('p', 'note', `[${p.template_type} template: not shown by the emulator]`);
    const link = el('a', 'bubble', `[${a.type}]`);
    link.href = p.url || '#';
    link.target = '_blank';
    link.rel = 'noopener';
    return link;
  }

  function showQuickReplies(list) {
    quick.replaceChildren();
    for (const q of list || []) {
      if (q.content_type !== 'text') continue;
      const chip = el('button', '', q.title);
      chip.type = 'button';
      chip.addEventListener('click', () => {
        say({ kind: 'quick_reply', payload: q.payload, title: q.title });
        input.focus();
      });
      quick.append(chip);
    }
  }

  function append(node, who) {
    const row = el('div', 'msg ' + who);
    row.append(node);
    log.append(row);
    log.scrollTop = log.scrollHeight;
    return row;
  }

  function setTyping(on) {
    clearTimeout(typingTimer);
    typing.hidden = !on;
    if (on) typingTimer = setTimeout(() => (typing.hidden = true), 20000); // Messenger's timeout
  }

  function onMessage(data) {
    setTyping(false);
    const m = data.message || {};
    const row = append(m.attachment ? renderAttachment(m.attachment) : el('div', 'bubble', m.text), 'bot');
    row.dataset.mid = data.mid;
    for (const w of data.warnings || []) row.append(el('p', 'warn', 'Messenger would cut this: ' + w));
    showQuickReplies(m.quick_replies);
  }

  function onUser(data) {
    welcome.hidden = true;
    showQuickReplies([]);
    append(el('div', 'bubble', data.text), 'user');
  }

  function connect() {
    if (events) events.close();
    events = new EventSource('/emulator/events?psid=' + encodeURIComponent(psid));
    events.addEventListener('message', (e) => onMessage(JSON.parse(e.data)));
    events.addEventListener('user', (e) => onUser(JSON.parse(e.data)));
    events.addEventListener('typing', (e) => setTyping(JSON.parse(e.data).on));
    events.addEventListener('ready', () => {
      status.textContent = '';
      if (!log.children.length) showWelcome();
    });
    events.addEventListener('error', () => {
      status.textContent = 'Reconnecting to the emulator…';
    });
  }

  function showWelcome() {
    const greeting = (profile.greeting || []).find((g) => g.locale === 'default') || profile.greeting?.[0];
    $('greeting').textContent = greeting ? greeting.text.replace(/\{\{user_[a-z_]+\}\}/g, 'Demo') : '';
    welcome.hidden = false;
  }

  function renderMenu() {
    const menu = (profile.persistent_menu || []).find((m) => m.locale === 'default');
    const items = document.querySelector('#menu .menu-items');
    items.replaceChildren();
    for (const item of menu?.call_to_actions || []) items.append(button(item));
    $('menu').hidden = !items.children.length;
  }

  function start(fresh) {
    if (fresh || !psid || !/^\d{5,32}$/.test(psid)) psid = newPsid();
    sessionStorage.setItem(KEY, psid);
    $('who').textContent = 'PSID ' + psid;
    log.replaceChildren();
    showQuickReplies([]);
    setTyping(false);
    welcome.hidden = true;
    connect();
  }

  $('composer').addEventListener('submit', (e) => {
    e.preventDefault();
    const text = input.value.trim();
    if (!text) return;
    input.value = '';
    say({ text });
  });
  $('location').addEventListener('click', () => say({ location: DEMO_LOCATION }));
  $('get-started').addEventListener('click', () => {
    const payload = profile.get_started?.payload || DEFAULT_GET_STARTED;
    say({ kind: 'postback', payload, title: 'Get Started' });
    input.focus();
  });
  $('restart').addEventListener('click', () => start(true));

  fetch('/emulator/profile')
    .then((res) => (res.ok ? res.json() : {}))
    .catch(() => ({}))
    .then((p) => {
      profile = p || {};
      renderMenu();
      start(false);
    });
})();
