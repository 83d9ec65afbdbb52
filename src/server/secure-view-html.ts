import type { Reply } from '../engine/reply';
import { escapeHtml } from './html';

/** Text as HTML: blank lines separate paragraphs, single newlines become line breaks. */
function paragraphs(text: string): string {
  return text
    .split(/\n{2,}/)
    .map((p) => `<p>${escapeHtml(p).replace(/\n/g, '<br>')}</p>`)
    .join('\n');
}

/**
 * A handler's replies as page content. Quick replies and postback buttons are chat actions and are
 * left out; links are kept.
 */
export function repliesToHtml(replies: Reply[]): string {
  return replies
    .map((reply) => {
      switch (reply.type) {
        case 'text':
          return `<section class="card">${paragraphs(reply.text)}</section>`;
        case 'buttons': {
          const links = reply.buttons
            .filter((b) => b.type === 'url')
            .map((b) => `<a href="${escapeHtml(b.url)}" rel="noreferrer">${escapeHtml(b.title)}</a>`);
          return `<section class="card">${paragraphs(reply.text)}${links.length ? `<p>${links.join(' · ')}</p>` : ''}</section>`;
        }
        case 'cards':
          return reply.cards
            .map(
              (c) =>
                `<section class="card"><h2>${escapeHtml(c.title)}</h2>${c.subtitle ? paragraphs(c.subtitle) : ''}</section>`,
            )
            .join('\n');
      }
    })
    .join('\n');
}
