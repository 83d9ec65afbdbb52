import { userKey } from '../linking/types';
import type { PersonalDataStore } from '../privacy/erasable';
import type { Handoff } from './handoff';

/**
 * The handoff's part of "what do you know about me?" and "delete my data": the transcript and
 * whether (and with whom) the customer talked to a person.
 */
export function handoffPersonalData(h: Handoff): PersonalDataStore {
  return {
    name: 'handoff',
    describe: async (user) => {
      const key = userKey(user);
      const [entries, record] = await Promise.all([h.transcripts.list(key), h.store.get(key)]);
      const facts: string[] = [];
      if (entries.length) {
        const hidden = h.settings.maskAmounts ? ', amounts hidden' : '';
        const hours = Math.round(h.transcripts.ttlSeconds / 3600);
        facts.push(
          `A sealed transcript of our recent messages (${entries.length} lines, card and account numbers removed${hidden}), ` +
            `kept for ${hours} hours so a member of staff can see the story if you ask for a person.`,
        );
      }
      if (record && record.state !== 'bot')
        facts.push('Whether you asked to talk to a person, and which member of staff helped you.');
      return facts;
    },
    erase: async (user) => {
      const key = userKey(user);
      const lines = await h.transcripts.delete(key);
      const had = await h.store.delete(key);
      if (had) await h.bus.publish({ type: 'queue' });
      return lines + (had ? 1 : 0);
    },
  };
}
