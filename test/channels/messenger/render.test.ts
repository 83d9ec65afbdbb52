import fc from 'fast-check';
import { LIMITS, splitText, truncate } from '../../../src/channels/messenger/limits';
import {
  MORE_OPTIONS_TEXT,
  renderReply,
  type MessengerButton,
  type MessengerMessage,
} from '../../../src/channels/messenger/render';
import { buttons, cards, quick, text, type Button, type Card, type Reply } from '../../../src/engine/reply';

const words = (n: number) => Array.from({ length: n }, (_, i) => `word${i}`).join(' ');

function templateOf(m: MessengerMessage) {
  return 'attachment' in m ? m.attachment.payload : undefined;
}

describe('renderReply', () => {
  it('sends short text as is', () => {
    expect(renderReply(text('Hello'))).toEqual([{ text: 'Hello' }]);
  });

  it('splits long text at 2,000 characters on word boundaries, keeping every word in order', () => {
    const body = words(900); // ~7,000 characters
    const out = renderReply(text(body));
    expect(out.length).toBeGreaterThan(3);
    for (const m of out) {
      expect('text' in m && m.text.length).toBeLessThanOrEqual(2000);
      expect('text' in m && /^word\d+( word\d+)*$/.test(m.text)).toBe(true);
    }
    expect(out.map((m) => ('text' in m ? m.text : '')).join(' ')).toBe(body);
  });

  it('prefers a line break when splitting', () => {
    const para = 'a'.repeat(1500);
    const out = splitText(`${para}\n${'b '.repeat(400)}`, 2000);
    expect(out[0]).toBe(para);
  });

  it('caps quick replies at 13, titles at 20 characters, on the last message only', () => {
    const qrs = Array.from({ length: 20 }, (_, i) => quick(`A very long quick reply title ${i}`, `p${i}`));
    const out = renderReply(text(words(600), qrs));
    expect(out.length).toBeGreaterThan(1);
    for (const m of out.slice(0, -1)) expect(m.quick_replies).toBeUndefined();
    const last = out[out.length - 1]!.quick_replies!;
    expect(last).toHaveLength(13);
    for (const q of last) {
      expect(q.content_type).toBe('text');
      expect(q.title.length).toBeLessThanOrEqual(20);
      expect(q.title.endsWith('…')).toBe(true);
    }
    expect(last.map((q) => q.payload)).toEqual(qrs.slice(0, 13).map((q) => q.payload));
  });

  it('drops quick replies whose payload is over 1,000 characters', () => {
    const out = renderReply(text('x', [quick('Ok', 'p'.repeat(1001)), quick('Fine', 'ok')]));
    expect(out[0]!.quick_replies).toEqual([{ content_type: 'text', title: 'Fine', payload: 'ok' }]);
  });

  it('renders buttons as button templates of at most 3', () => {
    const list: Button[] = Array.from({ length: 7 }, (_, i) => ({
      type: 'postback',
      title: `Option ${i}`,
      payload: `intent:x${i}`,
    }));
    const out = renderReply(buttons('Pick one', list));
    const payloads = out.map(templateOf);
    expect(payloads.map((p) => p?.template_type)).toEqual(['button', 'button', 'button']);
    expect(payloads.map((p) => (p?.template_type === 'button' ? p.buttons.length : 0))).toEqual([3, 3, 1]);
    expect(payloads[0]).toMatchObject({ text: 'Pick one' });
    expect(payloads[1]).toMatchObject({ text: MORE_OPTIONS_TEXT });
    expect(payloads[0]).toMatchObject({
      buttons: [{ type: 'postback', title: 'Option 0', payload: 'intent:x0' }, {}, {}],
    });
  });

  it('keeps button template text within 640 characters by sending the start as text', () => {
    const body = words(150); // ~1,100 characters
    const out = renderReply(buttons(body, [{ type: 'url', title: 'Open', url: 'https://example.com' }]));
    expect(out).toHaveLength(2);
    const tpl = templateOf(out[1]!);
    expect(tpl?.template_type === 'button' && tpl.text.length).toBeLessThanOrEqual(640);
    expect(`${'text' in out[0]! ? out[0].text : ''} ${tpl?.template_type === 'button' ? tpl.text : ''}`).toBe(
      body,
    );
  });

  it('renders url buttons as web_url and https link buttons as account_link', () => {
    const list: Button[] = [
      { type: 'url', title: 'Map', url: 'https://maps.example/x' },
      { type: 'link', title: 'Link account', url: 'https://teller.example/link?t=abc', connector: 'sandbox' },
      { type: 'link', title: 'Link account', url: 'http://localhost:3000/link?t=abc', connector: 'sandbox' },
    ];
    const tpl = templateOf(renderReply(buttons('Link?', list))[0]!);
    expect(tpl?.template_type === 'button' && tpl.buttons).toEqual<MessengerButton[]>([
      { type: 'web_url', url: 'https://maps.example/x', title: 'Map' },
      { type: 'account_link', url: 'https://teller.example/link?t=abc' },
      { type: 'web_url', url: 'http://localhost:3000/link?t=abc', title: 'Link account' },
    ]);
  });

  it('renders cards as generic templates of at most 10 elements, truncating titles and subtitles', () => {
    const list: Card[] = Array.from({ length: 23 }, (_, i) => ({
      title: `ATM ${i} ${'x'.repeat(100)}`,
      subtitle: `350 m · 1 High Street\nOpen 24 hours\n${'Free · Takes deposits · Step-free '.repeat(3)}`,
      buttons: [
        { type: 'url', title: 'Map', url: 'https://www.openstreetmap.org/?mlat=51.5&mlon=-0.1' },
        { type: 'postback', title: 'A', payload: 'a' },
        { type: 'postback', title: 'B', payload: 'b' },
        { type: 'postback', title: 'C', payload: 'c' },
      ],
    }));
    const out = renderReply(cards(list, [quick('Help', 'intent:help')]));
    const tpls = out.map(templateOf);
    expect(tpls.map((t) => (t?.template_type === 'generic' ? t.elements.length : 0))).toEqual([10, 10, 3]);
    for (const t of tpls)
      if (t?.template_type === 'generic')
        for (const el of t.elements) {
          expect(el.title.length).toBeLessThanOrEqual(80);
          expect(el.subtitle!.length).toBeLessThanOrEqual(80);
          expect(el.buttons).toHaveLength(3);
        }
    expect(out[2]!.quick_replies).toHaveLength(1);
    expect(out[0]!.quick_replies).toBeUndefined();
  });

  it('truncate never splits a surrogate pair', () => {
    const s = 'a'.repeat(18) + '😀😀😀';
    const t = truncate(s, 20);
    expect(t.length).toBeLessThanOrEqual(20);
    expect(t).toBe('a'.repeat(18) + '…');
  });
});

// ---- property: any Reply renders within Messenger's limits ----

const str = (max: number) => fc.string({ unit: 'grapheme', maxLength: max });
const url = fc.oneof(
  fc.webUrl(),
  fc.constantFrom('http://localhost:3000/link?t=x', 'https://teller.example/l', 'not a url', ''),
);
const button: fc.Arbitrary<Button> = fc.oneof(
  fc.record({ type: fc.constant('postback' as const), title: str(40), payload: str(1200) }),
  fc.record({ type: fc.constant('url' as const), title: str(40), url }),
  fc.record({ type: fc.constant('link' as const), title: str(40), url, connector: fc.constant('sandbox') }),
);
const quickReply = fc.record({ title: str(40), payload: fc.string({ maxLength: 1100 }) });
const card: fc.Arbitrary<Card> = fc.record(
  {
    title: str(120),
    subtitle: str(200),
    imageUrl: url,
    buttons: fc.array(button, { maxLength: 5 }),
  },
  { requiredKeys: ['title'] },
);
const longText = fc.oneof(
  str(100),
  fc.string({ maxLength: 5000 }),
  fc
    .array(fc.constantFrom('word', 'longerword', '\n', ' ', '😀', 'x'.repeat(300)), { maxLength: 800 })
    .map((a) => a.join('')),
);
const reply: fc.Arbitrary<Reply> = fc.oneof(
  fc.record({
    type: fc.constant('text' as const),
    text: longText,
    quickReplies: fc.array(quickReply, { maxLength: 20 }),
  }),
  fc.record({
    type: fc.constant('buttons' as const),
    text: longText,
    buttons: fc.array(button, { maxLength: 8 }),
    quickReplies: fc.array(quickReply, { maxLength: 20 }),
  }),
  fc.record({
    type: fc.constant('cards' as const),
    cards: fc.array(card, { maxLength: 25 }),
    quickReplies: fc.array(quickReply, { maxLength: 20 }),
  }),
);

function checkButton(b: MessengerButton): void {
  if (b.type !== 'account_link') {
    expect(b.title.trim().length).toBeGreaterThan(0);
    expect(b.title.length).toBeLessThanOrEqual(LIMITS.buttonTitle);
  }
  if (b.type === 'postback') expect(b.payload.length).toBeLessThanOrEqual(LIMITS.payload);
  if (b.type === 'account_link') expect(b.url.startsWith('https:')).toBe(true);
  if (b.type !== 'postback') expect(() => new URL(b.url)).not.toThrow();
}

describe('renderReply limits (property)', () => {
  it('any Reply renders within Messenger’s limits', () => {
    fc.assert(
      fc.property(reply, (r) => {
        const out = renderReply(r);
        out.forEach((m, i) => {
          if (m.quick_replies) {
            expect(i).toBe(out.length - 1);
            expect(m.quick_replies.length).toBeGreaterThan(0);
            expect(m.quick_replies.length).toBeLessThanOrEqual(LIMITS.quickReplies);
            for (const q of m.quick_replies) {
              expect(q.title.trim().length).toBeGreaterThan(0);
              expect(q.title.length).toBeLessThanOrEqual(LIMITS.quickReplyTitle);
              expect(q.payload.length).toBeGreaterThan(0);
              expect(q.payload.length).toBeLessThanOrEqual(LIMITS.payload);
            }
          }
          if ('text' in m) {
            expect(m.text.trim().length).toBeGreaterThan(0);
            expect(m.text.length).toBeLessThanOrEqual(LIMITS.text);
            return;
          }
          const p = m.attachment.payload;
          if (p.template_type === 'button') {
            expect(p.text.trim().length).toBeGreaterThan(0);
            expect(p.text.length).toBeLessThanOrEqual(LIMITS.buttonTemplateText);
            expect(p.buttons.length).toBeGreaterThan(0);
            expect(p.buttons.length).toBeLessThanOrEqual(LIMITS.buttonsPerTemplate);
            p.buttons.forEach(checkButton);
          } else {
            expect(p.elements.length).toBeGreaterThan(0);
            expect(p.elements.length).toBeLessThanOrEqual(LIMITS.genericElements);
            for (const el of p.elements) {
              expect(el.title.trim().length).toBeGreaterThan(0);
              expect(el.title.length).toBeLessThanOrEqual(LIMITS.elementTitle);
              if (el.subtitle !== undefined)
                expect(el.subtitle.length).toBeLessThanOrEqual(LIMITS.elementSubtitle);
              expect((el.buttons ?? []).length).toBeLessThanOrEqual(LIMITS.buttonsPerElement);
              (el.buttons ?? []).forEach(checkButton);
            }
          }
        });
      }),
      { numRuns: 300 },
    );
  });

  it('text is never lost: split chunks hold every non-space character in order', () => {
    fc.assert(
      fc.property(longText, (t) => {
        const chunks = splitText(t, LIMITS.text);
        for (const c of chunks) expect(c.length).toBeLessThanOrEqual(LIMITS.text);
        expect(chunks.join('').replace(/\s/g, '')).toBe(t.replace(/\s/g, ''));
      }),
    );
  });
});
