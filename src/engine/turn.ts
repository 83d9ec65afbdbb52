/**
 * A channel-neutral inbound event. Every channel (Messenger, terminal, web chat, tests) turns
 * its own event into a Turn; the engine never sees a channel's wire format.
 */
export interface GeoPoint {
  lat: number;
  lon: number;
  /** A label the channel attached (e.g. Messenger's "Pinned location"); never stored. */
  title?: string;
}

export interface Postback {
  /** Machine payload, e.g. `intent:balance` or `slot:account=savings`. */
  payload: string;
  /** The label the user pressed, for transcripts and NLU fall-through. */
  title?: string;
}

interface TurnBase {
  channel: string;
  userId: string;
  /** Unique per delivered message (Messenger `mid`); redeliveries carry the same id. */
  messageId: string;
  /** Milliseconds since the epoch, as the channel reported it. */
  timestamp: number;
}

export type TurnInput =
  | { text: string; postback?: undefined; location?: undefined }
  | { postback: Postback; text?: undefined; location?: undefined }
  | { location: GeoPoint; text?: undefined; postback?: undefined };

export type Turn = TurnBase & TurnInput;

export function describeTurn(turn: Turn): 'text' | 'postback' | 'location' {
  if (turn.postback) return 'postback';
  if (turn.location) return 'location';
  return 'text';
}
