import { escapeHtml } from '../html';
import type { ConversationSummary, QueueItem } from './views';

function shell(title: string, body: string, head = ''): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title><link rel="icon" href="data:,"><link rel="stylesheet" href="/agent/console.css">${head}</head>
<body>${body}</body></html>`;
}

export function loginPage(o: { csrf: string; bankName: string; error?: string; devHint?: string }): string {
  return shell(
    `${o.bankName} support console: sign in`,
    `<main class="login"><h1>${escapeHtml(o.bankName)} support console</h1>
${o.error ? `<p class="error" role="alert">${escapeHtml(o.error)}</p>` : ''}
<form method="post" action="/agent/login">
<input type="hidden" name="_csrf" value="${escapeHtml(o.csrf)}">
<label>Agent id <input name="id" autocomplete="username" required maxlength="40"></label>
<label>Password <input name="password" type="password" autocomplete="current-password" required maxlength="200"></label>
<button type="submit">Sign in</button>
</form>
${o.devHint ? `<p class="muted">${escapeHtml(o.devHint)}</p>` : ''}</main>`,
  );
}

export function waited(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  return s < 60 ? `${s}s` : `${Math.floor(s / 60)}m ${String(s % 60).padStart(2, '0')}s`;
}

function queueRows(queue: QueueItem[]): string {
  if (!queue.length) return '<li class="empty">Nobody is waiting.</li>';
  return queue
    .map(
      (q) => `<li data-key="${escapeHtml(q.key)}" class="conv${q.priority === 'high' ? ' urgent' : ''}">
<span class="label">${escapeHtml(q.label)}</span>${q.priority === 'high' ? ' <span class="badge">urgent</span>' : ''}
<span class="reason">${escapeHtml(q.reasonText)}</span>
<span class="wait" data-since="${q.queuedAt}">waiting ${waited(q.waitingMs)}</span></li>`,
    )
    .join('');
}

function conversationRows(list: ConversationSummary[]): string {
  if (!list.length) return '<li class="empty">No recent conversations.</li>';
  return list
    .map(
      (c) =>
        `<li data-key="${escapeHtml(c.key)}" class="conv"><span class="label">${escapeHtml(c.label)}</span> <span class="state">${escapeHtml(c.stateText)}</span></li>`,
    )
    .join('');
}

export function consolePage(o: {
  csrf: string;
  agent: { id: string; name: string };
  bankName: string;
  queue: QueueItem[];
  conversations: ConversationSummary[];
  canned: string[];
}): string {
  const canned = o.canned.map((c) => `<option>${escapeHtml(c)}</option>`).join('');
  return shell(
    `${o.bankName} support console`,
    `<header><h1>${escapeHtml(o.bankName)} support</h1>
<span class="me">Signed in as <strong id="me" data-id="${escapeHtml(o.agent.id)}">${escapeHtml(o.agent.name)}</strong></span>
<span id="live" class="live">connecting…</span>
<form method="post" action="/agent/logout"><input type="hidden" name="_csrf" value="${escapeHtml(o.csrf)}"><button type="submit">Sign out</button></form></header>
<main class="console">
<nav>
<h2>Queue <span id="queue-count">${o.queue.length}</span></h2><ul id="queue">${queueRows(o.queue)}</ul>
<h2>Recent conversations</h2><ul id="conversations">${conversationRows(o.conversations)}</ul>
</nav>
<section id="conversation" hidden>
<div class="bar"><h2 id="conv-title"></h2><span id="conv-state"></span>
<button id="claim" type="button">Claim</button><button id="pick" type="button">Take over from bot</button>
<button id="release" type="button">Return to queue</button><button id="handback" type="button">Hand back to bot</button>
<button id="resolve" type="button">Resolve</button></div>
<p id="notice" role="status"></p>
<ol id="transcript" aria-live="polite"></ol>
<p id="typing" class="typing" aria-live="polite"></p>
<form id="composer">
<select id="canned" aria-label="Canned replies"><option value="">Canned replies…</option>${canned}</select>
<textarea id="text" rows="3" maxlength="2000" placeholder="Type a reply…" aria-label="Reply"></textarea>
<label class="note"><input type="checkbox" id="as-note"> Private note (not sent to the customer)</label>
<button id="send" type="submit">Send</button>
</form>
</section>
<section id="placeholder"><p class="muted">Pick a conversation from the queue.</p></section>
</main>
<script src="/agent/console.js" defer></script>`,
    `<meta name="csrf-token" content="${escapeHtml(o.csrf)}">`,
  );
}
