import { DEFAULT_MENU, setupMessengerProfile } from '../../../src/channels/messenger/profile';
import { DEFAULT_GREETING, messengerSetupCommand } from '../../../src/channels/messenger/setup-command';
import { GET_STARTED } from '../../../src/engine/payloads';
import { FakeGraph } from './fake-graph';
import { APP_SECRET, PAGE_TOKEN, testConfig } from './helpers';

let fg: FakeGraph;
beforeEach(async () => {
  fg = await FakeGraph.start({ appSecret: APP_SECRET, pageAccessToken: PAGE_TOKEN });
});
afterEach(() => fg.close());

const posts = () => fg.calls.filter((c) => c.method === 'POST' && c.path === '/me/messenger_profile');

describe('setupMessengerProfile', () => {
  it('posts Get Started, greeting and menu on the first run, and nothing on the second', async () => {
    const config = testConfig(fg.url);
    const first = await setupMessengerProfile(config, { greeting: 'Hello {{user_first_name}}' });
    expect(first).toEqual({
      changed: ['get_started', 'greeting', 'persistent_menu'],
      posted: true,
      dryRun: false,
    });
    expect(posts()).toHaveLength(1);
    expect(fg.authFailures).toBe(0);
    expect(posts()[0]!.body).toEqual({
      get_started: { payload: GET_STARTED },
      greeting: [{ locale: 'default', text: 'Hello {{user_first_name}}' }],
      persistent_menu: [
        {
          locale: 'default',
          composer_input_disabled: false,
          call_to_actions: [
            { type: 'postback', title: 'Balance', payload: 'intent:balance' },
            { type: 'postback', title: 'Spending', payload: 'intent:spending' },
            { type: 'postback', title: 'Find an ATM', payload: 'intent:atm.nearest' },
            { type: 'postback', title: 'Talk to a person', payload: 'intent:human' },
            { type: 'postback', title: 'Privacy', payload: 'intent:privacy.info' },
          ],
        },
      ],
    });

    const second = await setupMessengerProfile(config, { greeting: 'Hello {{user_first_name}}' });
    expect(second).toEqual({ changed: [], posted: false, dryRun: false });
    expect(posts()).toHaveLength(1);
    expect(fg.calls.filter((c) => c.method === 'GET')).toHaveLength(2);
  });

  it('posts only the fields that changed', async () => {
    const config = testConfig(fg.url);
    await setupMessengerProfile(config, { greeting: 'Hello' });
    const r = await setupMessengerProfile(config, { greeting: 'Welcome back' });
    expect(r.changed).toEqual(['greeting']);
    expect(Object.keys(posts()[1]!.body!)).toEqual(['greeting']);
  });

  it('posts nothing on a dry run', async () => {
    const r = await setupMessengerProfile(testConfig(fg.url), { greeting: 'Hi' }, { dryRun: true });
    expect(r).toEqual({
      changed: ['get_started', 'greeting', 'persistent_menu'],
      posted: false,
      dryRun: true,
    });
    expect(posts()).toEqual([]);
  });

  it('refuses a greeting over 160 characters', async () => {
    await expect(
      setupMessengerProfile(testConfig(fg.url), { greeting: 'x'.repeat(161) }),
    ).rejects.toMatchObject({
      code: 'TELLER_ERR_MESSENGER_PROFILE',
    });
  });

  it('menu payloads start the matching intents', () => {
    expect(DEFAULT_MENU.map((m) => m.payload)).toEqual([
      'intent:balance',
      'intent:spending',
      'intent:atm.nearest',
      'intent:human',
      'intent:privacy.info',
    ]);
  });
});

describe('messengerSetupCommand', () => {
  it('loads config from the environment, sets the profile and says what changed; idempotent', async () => {
    const env = {
      MESSENGER_APP_SECRET: APP_SECRET,
      MESSENGER_VERIFY_TOKEN: 'v',
      MESSENGER_PAGE_ACCESS_TOKEN: PAGE_TOKEN,
      MESSENGER_GRAPH_URL: fg.url,
    };
    const out: string[] = [];
    const write = (l: string) => void out.push(l);
    await messengerSetupCommand({ dryRun: true }, { env, write });
    expect(posts()).toEqual([]);
    await messengerSetupCommand({}, { env, write });
    await messengerSetupCommand({}, { env, write });
    expect(out).toEqual([
      'Would update: get_started, greeting, persistent_menu (dry run, nothing sent).',
      'Updated: get_started, greeting, persistent_menu.',
      'Messenger profile already up to date: nothing to change.',
    ]);
    expect(posts()).toHaveLength(1);
    expect(fg.profile.greeting).toEqual([{ locale: 'default', text: DEFAULT_GREETING }]);
    expect(out.join('\n')).not.toContain(PAGE_TOKEN);
  });

  it('names the missing variable', async () => {
    await expect(messengerSetupCommand({}, { env: {}, write: () => undefined })).rejects.toThrow(
      'MESSENGER_APP_SECRET',
    );
  });
});
