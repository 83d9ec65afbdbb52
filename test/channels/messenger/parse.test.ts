import { parseWebhook, postbackId, WebhookPayloadError } from '../../../src/channels/messenger/parse';
import { batch, item, PAGE_ID } from './helpers';

describe('parseWebhook', () => {
  it('walks every entry and both messaging[] and standby[]', () => {
    const events = parseWebhook(
      batch(
        {
          messaging: [
            item('u1', { message: { mid: 'm1', text: 'hi' } }),
            item('u2', { message: { mid: 'm2', text: 'yo' } }),
          ],
        },
        {
          messaging: [
            item('u3', { postback: { mid: 'm3', title: 'Get Started', payload: 'teller:get_started' } }),
          ],
          standby: [item('u4', { message: { mid: 'm4', text: 'to the human' } })],
        },
      ),
    );
    expect(events.map((e) => e.kind)).toEqual(['turn', 'turn', 'turn', 'standby']);
    expect(events[0]).toMatchObject({
      kind: 'turn',
      pageId: PAGE_ID,
      turn: { channel: 'messenger', userId: 'u1', messageId: 'm1', text: 'hi' },
    });
    expect(events[2]).toMatchObject({
      turn: {
        userId: 'u3',
        messageId: 'm3',
        postback: { payload: 'teller:get_started', title: 'Get Started' },
      },
    });
    expect(events[3]).toMatchObject({
      kind: 'standby',
      userId: 'u4',
      standby: { messageId: 'm4', text: 'to the human', isEcho: false },
    });
  });

  it('maps a quick reply to a postback turn titled with the text, keeping the mid', () => {
    const [ev] = parseWebhook(
      batch({
        messaging: [
          item('u1', { message: { mid: 'mq', text: 'Balance', quick_reply: { payload: 'intent:balance' } } }),
        ],
      }),
    );
    expect(ev).toMatchObject({
      kind: 'turn',
      turn: { messageId: 'mq', postback: { payload: 'intent:balance', title: 'Balance' } },
    });
  });

  it('maps a shared location to a location turn', () => {
    const [ev] = parseWebhook(
      batch({
        messaging: [
          item('u1', {
            message: {
              mid: 'ml',
              attachments: [
                { type: 'location', title: 'Pinned', payload: { coordinates: { lat: 51.53, long: -0.12 } } },
              ],
            },
          }),
        ],
      }),
    );
    expect(ev).toMatchObject({
      turn: { messageId: 'ml', location: { lat: 51.53, lon: -0.12, title: 'Pinned' } },
    });
  });

  it('marks images, audio, files and stickers unsupported', () => {
    const events = parseWebhook(
      batch({
        messaging: [
          item('u1', {
            message: { mid: 'a', attachments: [{ type: 'image', payload: { url: 'https://x/y.png' } }] },
          }),
          item('u1', { message: { mid: 'b', attachments: [{ type: 'audio', payload: {} }] } }),
          item('u1', {
            message: { mid: 'c', sticker_id: 369239263222822, attachments: [{ type: 'image', payload: {} }] },
          }),
        ],
      }),
    );
    expect(events.map((e) => e.kind)).toEqual(['unsupported', 'unsupported', 'unsupported']);
    expect(events[1]).toMatchObject({ messageId: 'b', attachmentTypes: ['audio'] });
  });

  it('ignores echoes, deliveries, reads and reactions', () => {
    const events = parseWebhook(
      batch({
        messaging: [
          item('u1', { message: { mid: 'e', is_echo: true, app_id: 1, text: 'our own reply' } }),
          item('u1', { delivery: { mids: ['x'], watermark: 1 } }),
          item('u1', { read: { watermark: 1 } }),
          item('u1', { reaction: { mid: 'x', action: 'react', emoji: '👍', reaction: 'like' } }),
          { recipient: { id: PAGE_ID }, message: { mid: 'nosender', text: 'x' } },
          'garbage',
        ],
      }),
    );
    expect(events).toEqual([]);
  });

  it('passes account linking events on with their authorization code', () => {
    const events = parseWebhook(
      batch({
        messaging: [
          item('u1', { account_linking: { status: 'linked', authorization_code: 'code-123' } }),
          item('u1', { account_linking: { status: 'unlinked' } }),
        ],
      }),
    );
    expect(events).toMatchObject([
      { kind: 'account_linking', userId: 'u1', linking: { status: 'linked', authorizationCode: 'code-123' } },
      { kind: 'account_linking', userId: 'u1', linking: { status: 'unlinked' } },
    ]);
  });

  it('gives a postback without mid a stable id from sender, timestamp and payload', () => {
    const pb = {
      sender: { id: 'u1' },
      recipient: { id: PAGE_ID },
      timestamp: 42,
      postback: { payload: 'intent:help' },
    };
    const a = parseWebhook(batch({ messaging: [pb] }))[0];
    const b = parseWebhook(batch({ messaging: [structuredClone(pb)] }))[0];
    expect(a?.kind === 'turn' && a.turn.messageId).toBe(postbackId('u1', 42, 'intent:help'));
    expect(a?.kind === 'turn' && b?.kind === 'turn' && a.turn.messageId === b.turn.messageId).toBe(true);
    expect(postbackId('u1', 43, 'intent:help')).not.toBe(postbackId('u1', 42, 'intent:help'));
  });

  it('rejects bodies that are not event batches, and ignores other products', () => {
    expect(() => parseWebhook(null)).toThrow(WebhookPayloadError);
    expect(() => parseWebhook({ object: 'page' })).toThrow(WebhookPayloadError);
    expect(() => parseWebhook([1, 2])).toThrow(WebhookPayloadError);
    expect(
      parseWebhook({
        object: 'instagram',
        entry: [{ messaging: [item('u', { message: { mid: 'x', text: 'y' } })] }],
      }),
    ).toEqual([]);
  });
});
