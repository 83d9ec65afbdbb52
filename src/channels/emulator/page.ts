import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RequestHandler, Response } from 'express';
import { escapeHtml } from '../../server/html';

/**
 * The emulator's web chat: one static HTML page, one stylesheet and one vanilla script, no build
 * step and nothing from a CDN. The CSP allows scripts and styles from this server only.
 */
export const EMULATOR_CSP = [
  "default-src 'self'",
  "img-src 'self' https: data:",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

const PUBLIC_DIR = join(__dirname, 'public');

export function staticAsset(file: 'app.js' | 'app.css'): RequestHandler {
  const body = readFileSync(join(PUBLIC_DIR, file));
  const type = file.endsWith('.js') ? 'text/javascript' : 'text/css';
  return (_req, res) => {
    secure(res);
    res.type(type).set('Cache-Control', 'no-cache').send(body);
  };
}

export function homePage(botName: string): RequestHandler {
  const html = render(botName);
  return (_req, res) => {
    secure(res);
    res.type('html').set('Cache-Control', 'no-store').send(html);
  };
}

function secure(res: Response): void {
  res.set({
    'Content-Security-Policy': EMULATOR_CSP,
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
  });
}

function render(botName: string): string {
  const name = escapeHtml(botName);
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${name} · Messenger emulator</title>
<link rel="stylesheet" href="/emulator/app.css">
<script src="/emulator/app.js" defer></script>
</head>
<body>
<div class="app">
  <header class="bar">
    <div>
      <h1>${name}</h1>
      <p class="muted">Messenger emulator · runs on this machine · <span id="who"></span></p>
    </div>
    <details id="menu" class="menu" hidden><summary>Menu</summary><div class="menu-items actions"></div></details>
    <button type="button" id="restart" class="ghost">New conversation</button>
  </header>
  <main id="log" class="log" role="log" aria-live="polite" aria-label="Conversation" tabindex="-1"></main>
  <section id="welcome" class="welcome" hidden aria-label="Welcome">
    <p id="greeting"></p>
    <button type="button" id="get-started" class="primary">Get Started</button>
  </section>
  <p id="typing" class="typing" hidden>
    <span class="dots" aria-hidden="true"><i></i><i></i><i></i></span>
    <span class="sr-only">${name} is typing</span>
  </p>
  <div id="quick" class="quick" role="group" aria-label="Quick replies"></div>
  <form id="composer" class="composer" autocomplete="off">
    <label for="text" class="sr-only">Message</label>
    <input id="text" name="text" type="text" maxlength="2000" placeholder="Type a message…" autofocus>
    <button type="submit" class="primary">Send</button>
    <button type="button" id="location" class="ghost" title="Sends King's Cross, London as your location">Share location</button>
  </form>
  <p id="status" class="status" role="status"></p>
  <noscript><p class="status">The emulator needs JavaScript. You can also chat from a terminal: npx teller chat</p></noscript>
</div>
</body>
</html>
`;
}
