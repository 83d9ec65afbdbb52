import type { Outbound } from './context';
import type { SentLog } from './dedupe';
import type { SlowCallTyping } from './typing';

/**
 * The turn's outbound: every message sent cancels a pending typing indicator, and with a SentLog
 * each reply's messages are claimed before and marked after sending (reply `n` of the turn), so a
 * turn run again after a crash skips what already went out.
 */
export function turnOutbound(
  outbound: Outbound,
  typing: SlowCallTyping | undefined,
  sentLog: SentLog | undefined,
): Outbound {
  if (!typing && !sentLog) return outbound;
  let n = 0;
  return {
    send(userId, reply, options) {
      typing?.messageSent();
      const i = n++;
      if (!sentLog) return outbound.send(userId, reply, options);
      const once = {
        claim: (part: number) => sentLog.claim(i, part),
        sent: (part: number) => sentLog.sent(i, part),
      };
      return outbound.send(userId, reply, { ...options, once });
    },
    typing: outbound.typing && ((userId, on) => outbound.typing!(userId, on)),
  };
}
