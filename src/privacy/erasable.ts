import type { LinkUser } from '../linking/types';

/**
 * A place Teller keeps something about a user (transcripts, handoff notes, ...). Registered with
 * TellerPrivacy, it is listed by "what do you know about me?" and emptied by "delete my data".
 */
export interface PersonalDataStore {
  /** Short name for logs and the erasure record, e.g. 'transcripts'. */
  readonly name: string;
  /** Plain-language lines for "what do you know about me?" (empty when nothing is held). */
  describe(user: LinkUser): Promise<string[]>;
  /** Erases everything held about the user; returns how many items were removed. */
  erase(user: LinkUser): Promise<number>;
}
