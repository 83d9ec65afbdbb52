/* Teller support console: vanilla JS over the console's JSON API and its event stream. */
/* global document, window, fetch, EventSource, setTimeout, clearTimeout, setInterval */
(function () {
  'use strict';
  var csrf = document.querySelector('meta[name="csrf-token"]').getAttribute('content');
  var me = document.getElementById('me');
  var myId = me.getAttribute('data-id');
  var el = function (id) {
    return document.getElementById(id);
  };
  var selected = null; // { key, state, agent }
  var serverSkew = 0;
  var typingSent = false;
  var typingTimer = null;
  var peerTypingTimer = null;

  function api(method, path, body) {
    return fetch('/agent/api' + path, {
      method: method,
      credentials: 'same-origin',
      headers:
        body === undefined
          ? { 'x-csrf-token': csrf }
          : { 'content-type': 'application/json', 'x-csrf-token': csrf },
      body: body === undefined ? undefined : JSON.stringify(body),
    }).then(function (res) {
      if (res.status === 401) window.location.href = '/agent/login';
      return res.json().then(function (json) {
        return { ok: res.ok, status: res.status, json: json };
      });
    });
  }

  function waited(ms) {
    var s = Math.max(0, Math.floor(ms / 1000));
    return s < 60 ? s + 's' : Math.floor(s / 60) + 'm ' + String(s % 60).padStart(2, '0') + 's';
  }

  function li(cls, key, parts) {
    var item = document.createElement('li');
    item.className = cls;
    if (key) item.setAttribute('data-key', key);
    parts.forEach(function (p) {
      var span = document.createElement('span');
      span.className = p[0];
      span.textContent = p[1];
      if (p[2]) span.setAttribute('data-since', p[2]);
      item.appendChild(span);
      item.appendChild(document.createTextNode(' '));
    });
    return item;
  }

  function renderLists(data) {
    serverSkew = data.now - Date.now();
    var q = el('queue');
    q.textContent = '';
    el('queue-count').textContent = String(data.queue.length);
    if (!data.queue.length) q.appendChild(li('empty', null, [['', 'Nobody is waiting.']]));
    data.queue.forEach(function (item) {
      var parts = [['label', item.label]];
      if (item.priority === 'high') parts.push(['badge', 'urgent']);
      parts.push(
        ['reason', item.reasonText],
        ['wait', 'waiting ' + waited(item.waitingMs), String(item.queuedAt)],
      );
      q.appendChild(li('conv' + (item.priority === 'high' ? ' urgent' : ''), item.key, parts));
    });
    var c = el('conversations');
    c.textContent = '';
    if (!data.conversations.length) c.appendChild(li('empty', null, [['', 'No recent conversations.']]));
    data.conversations.forEach(function (item) {
      c.appendChild(
        li('conv', item.key, [
          ['label', item.label],
          ['state', item.stateText],
        ]),
      );
    });
    markSelected();
  }

  function markSelected() {
    document.querySelectorAll('li.conv').forEach(function (n) {
      n.classList.toggle('selected', !!selected && n.getAttribute('data-key') === selected.key);
    });
  }

  var refreshing = null;
  function refreshLists() {
    if (refreshing) return;
    refreshing = setTimeout(function () {
      refreshing = null;
      api('GET', '/queue').then(function (r) {
        if (r.ok) renderLists(r.json);
      });
    }, 50);
  }

  function entryNode(e) {
    var item = document.createElement('li');
    item.className = 'entry ' + e.from;
    var who = document.createElement('span');
    who.className = 'who';
    var names = { customer: 'Customer', bot: 'Bot', system: '', note: 'Note' };
    who.textContent =
      e.from === 'agent'
        ? e.agentName || e.agent || 'Agent'
        : e.from === 'note'
          ? 'Note · ' + (e.agentName || e.agent || '')
          : names[e.from];
    var time = document.createElement('time');
    time.textContent = new Date(e.at).toLocaleTimeString();
    var text = document.createElement('p');
    text.textContent = e.text;
    item.appendChild(who);
    item.appendChild(time);
    item.appendChild(text);
    return item;
  }

  function showControls() {
    var s = selected;
    var mine = s.state === 'agent' && s.agent === myId;
    el('conv-state').textContent =
      s.state === 'agent'
        ? 'with ' + (mine ? 'you' : s.agentName || s.agent)
        : s.state === 'queued'
          ? 'waiting in the queue'
          : s.state === 'resolved'
            ? 'resolved'
            : 'with the bot';
    el('claim').hidden = s.state !== 'queued';
    el('pick').hidden = !(s.state === 'bot' || s.state === 'resolved');
    el('release').hidden = !mine;
    el('handback').hidden = !mine;
    el('resolve').hidden = !mine;
    el('send').disabled = false;
    el('text').placeholder = mine ? 'Type a reply…' : 'Write a private note…';
    el('as-note').checked = !mine;
    el('as-note').disabled = !mine;
  }

  function open(key) {
    return api('GET', '/conversations/' + encodeURIComponent(key)).then(function (r) {
      if (!r.ok) return notice(r.json.message || 'Could not open the conversation');
      selected = { key: key, state: r.json.state, agent: r.json.agent, agentName: r.json.agentName };
      el('placeholder').hidden = true;
      el('conversation').hidden = false;
      el('conv-title').textContent = r.json.label + (r.json.priority === 'high' ? ' (urgent)' : '');
      var t = el('transcript');
      t.textContent = '';
      r.json.entries.forEach(function (e) {
        t.appendChild(entryNode(e));
      });
      t.scrollTop = t.scrollHeight;
      el('typing').textContent = '';
      notice('');
      showControls();
      markSelected();
    });
  }

  function notice(text) {
    el('notice').textContent = text;
  }

  function act(name, body) {
    if (!selected) return Promise.resolve();
    var key = selected.key;
    return api('POST', '/conversations/' + encodeURIComponent(key) + '/' + name, body).then(function (r) {
      var reload = name !== 'message' && name !== 'note' && name !== 'typing';
      return (reload ? open(key) : Promise.resolve()).then(function () {
        if (!r.ok) notice(r.json.message || 'That did not work');
        else if (name !== 'typing') notice('');
        return r;
      });
    });
  }

  function setTyping(on) {
    if (!selected || selected.state !== 'agent' || selected.agent !== myId || el('as-note').checked) return;
    if (on === typingSent) return;
    typingSent = on;
    act('typing', { on: on });
  }

  document.addEventListener('click', function (ev) {
    var item = ev.target.closest && ev.target.closest('li.conv');
    if (item) open(item.getAttribute('data-key'));
  });
  el('claim').addEventListener('click', function () {
    act('claim');
  });
  el('pick').addEventListener('click', function () {
    act('pick');
  });
  el('release').addEventListener('click', function () {
    act('release');
  });
  el('handback').addEventListener('click', function () {
    setTyping(false);
    act('handback');
  });
  el('resolve').addEventListener('click', function () {
    setTyping(false);
    act('resolve');
  });
  el('canned').addEventListener('change', function () {
    var v = el('canned').value;
    if (v) el('text').value = el('text').value ? el('text').value + ' ' + v : v;
    el('canned').value = '';
    el('text').focus();
  });
  el('text').addEventListener('input', function () {
    setTyping(el('text').value.trim() !== '');
    clearTimeout(typingTimer);
    typingTimer = setTimeout(function () {
      setTyping(false);
    }, 4000);
  });
  el('composer').addEventListener('submit', function (ev) {
    ev.preventDefault();
    var text = el('text').value.trim();
    if (!text || !selected) return;
    var asNote = el('as-note').checked;
    el('send').disabled = true;
    act(asNote ? 'note' : 'message', { text: text }).then(function (r) {
      el('send').disabled = false;
      if (r && r.ok) el('text').value = '';
      typingSent = false;
    });
  });

  function connect() {
    var es = new EventSource('/agent/api/events');
    es.addEventListener('ready', function () {
      el('live').textContent = 'live';
      el('live').className = 'live on';
      refreshLists();
      if (selected) open(selected.key);
    });
    es.onerror = function () {
      el('live').textContent = 'reconnecting…';
      el('live').className = 'live';
    };
    es.addEventListener('queue', refreshLists);
    es.addEventListener('state', function (m) {
      var d = JSON.parse(m.data);
      refreshLists();
      if (selected && d.key === selected.key) {
        selected.state = d.state;
        selected.agent = d.agent;
        selected.agentName = d.agentName;
        showControls();
      }
    });
    es.addEventListener('message', function (m) {
      var d = JSON.parse(m.data);
      if (!selected || d.key !== selected.key) return;
      var t = el('transcript');
      t.appendChild(entryNode(d.entry));
      t.scrollTop = t.scrollHeight;
      if (d.entry.from === 'agent') el('typing').textContent = '';
    });
    es.addEventListener('typing', function (m) {
      var d = JSON.parse(m.data);
      if (!selected || d.key !== selected.key) return;
      el('typing').textContent = d.on ? d.agent + ' is typing… (the customer sees a typing indicator)' : '';
      clearTimeout(peerTypingTimer);
      if (d.on)
        peerTypingTimer = setTimeout(function () {
          el('typing').textContent = '';
        }, 20000);
    });
  }

  setInterval(function () {
    var now = Date.now() + serverSkew;
    document.querySelectorAll('#queue .wait').forEach(function (n) {
      n.textContent = 'waiting ' + waited(now - Number(n.getAttribute('data-since')));
    });
  }, 1000);
  connect();
})();
