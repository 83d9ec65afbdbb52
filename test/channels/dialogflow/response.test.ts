import { replyWords, toWebhookResponse } from '../../../src/channels/dialogflow';
import { buttons, cards, quick, text } from '../../../src/engine/reply';

describe('toWebhookResponse', () => {
  it('gives each reply a text message and its Messenger rendering as Facebook payloads', () => {
    const res = toWebhookResponse([text('One'), text('Two', [quick('Ok', 'intent:help')])]);
    expect(res.fulfillmentText).toBe('One\n\nTwo');
    expect(res.source).toBe('teller');
    expect(res.fulfillmentMessages).toEqual([
      { text: { text: ['One'] } },
      { payload: { facebook: { text: 'One' } }, platform: 'FACEBOOK' },
      { text: { text: ['Two'] } },
      {
        payload: {
          facebook: {
            text: 'Two',
            quick_replies: [{ content_type: 'text', title: 'Ok', payload: 'intent:help' }],
          },
        },
        platform: 'FACEBOOK',
      },
    ]);
  });

  it('keeps Messenger limits: 13 quick replies, 20-character titles, https link → account_link', () => {
    const many = Array.from({ length: 20 }, (_, i) =>
      quick(`Option number ${i} with a long label`, `intent:x?i=${i}`),
    );
    const res = toWebhookResponse([
      buttons(
        'Link first',
        [
          {
            type: 'link',
            title: 'Link account',
            url: 'https://bank.example/link/start?t=1',
            connector: 'sandbox',
          },
        ],
        many,
      ),
    ]);
    const fb = res.fulfillmentMessages.flatMap((m) => ('payload' in m ? [m.payload.facebook] : []));
    expect(fb).toHaveLength(1);
    const msg = fb[0]!;
    expect(msg.quick_replies).toHaveLength(13);
    for (const q of msg.quick_replies ?? []) expect(q.title.length).toBeLessThanOrEqual(20);
    expect('attachment' in msg && msg.attachment.payload).toEqual({
      template_type: 'button',
      text: 'Link first',
      buttons: [{ type: 'account_link', url: 'https://bank.example/link/start?t=1' }],
    });
  });

  it('renders cards as a generic template; their words become the text', () => {
    const reply = cards([{ title: 'ATM, King St', subtitle: '0.2 km · open 24h' }]);
    const res = toWebhookResponse([reply]);
    expect(replyWords(reply)).toBe('ATM, King St\n0.2 km · open 24h');
    expect(res.fulfillmentMessages[1]).toMatchObject({
      payload: { facebook: { attachment: { payload: { template_type: 'generic' } } } },
    });
  });
});
