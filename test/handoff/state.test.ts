import fc from 'fast-check';
import {
  HANDOFF_STATES,
  initialRecord,
  transition,
  TRANSITIONS,
  withPeople,
  type HandoffEvent,
  type HandoffRecord,
} from '../../src/handoff/state';

const agents = ['alice', 'bob', 'carol'] as const;
const at = fc.integer({ min: 1, max: 2_000_000_000_000 });
const agent = fc.constantFrom(...agents);

const event: fc.Arbitrary<HandoffEvent> = fc.oneof(
  fc.record({
    type: fc.constant('request' as const),
    at,
    priority: fc.constantFrom('normal' as const, 'high' as const),
    reason: fc.constantFrom('customer' as const, 'fallbacks' as const, 'intent' as const, 'agent' as const),
  }),
  fc.record({ type: fc.constant('claim' as const), at, agent }),
  fc.record({ type: fc.constant('release' as const), at, agent }),
  fc.record({ type: fc.constant('cancel' as const), at }),
  fc.record({ type: fc.constant('handBack' as const), at, agent }),
  fc.record({ type: fc.constant('resolve' as const), at, agent }),
  fc.record({ type: fc.constant('customerMessage' as const), at }),
  fc.record({ type: fc.constant('agentMessage' as const), at, agent }),
  fc.record({
    type: fc.constant('notice' as const),
    at,
    notice: fc.constantFrom('stillWaiting' as const, 'timeout' as const),
  }),
  fc.record({ type: fc.constant('leaveMessage' as const), at }),
  fc.record({ type: fc.constant('counted' as const), at }),
);

/** Runs events from a fresh record, checking invariants after each step. */
function run(
  events: HandoffEvent[],
  check: (before: HandoffRecord, e: HandoffEvent, after: ReturnType<typeof transition>) => void,
) {
  let r = initialRecord(0);
  for (const e of events) {
    const frozen = JSON.stringify(r);
    const out = transition(r, e);
    expect(JSON.stringify(r)).toBe(frozen); // pure: the old record is never changed
    check(r, e, out);
    if (out.ok) r = out.record;
  }
  return r;
}

describe('handoff state machine (property tests)', () => {
  it('never reaches an unknown state, and accepts only what the table allows', () => {
    fc.assert(
      fc.property(fc.array(event, { maxLength: 60 }), (events) => {
        run(events, (before, e, out) => {
          if (!TRANSITIONS[before.state].includes(e.type)) expect(out.ok).toBe(false);
          if (out.ok) {
            expect(HANDOFF_STATES).toContain(out.record.state);
            expect(out.record.version).toBe(before.version + 1);
            // An agent is attached exactly while a person has the conversation.
            expect(out.record.state === 'agent').toBe(
              out.record.agent !== undefined && out.record.state === 'agent',
            );
            if (out.record.state === 'queued') expect(out.record.queuedAt).toBeDefined();
          }
        });
      }),
      { numRuns: 500 },
    );
  });

  it('a queued conversation is claimed exactly once, whoever asks second', () => {
    fc.assert(
      fc.property(fc.array(event, { maxLength: 40 }), agent, agent, at, (prefix, a, b, t) => {
        const r = run(prefix, () => undefined);
        const first = transition(r, { type: 'claim', at: t, agent: a });
        if (r.state !== 'queued') {
          expect(first.ok).toBe(false);
          return;
        }
        expect(first.ok).toBe(true);
        if (!first.ok) return;
        const second = transition(first.record, { type: 'claim', at: t, agent: b });
        expect(second.ok).toBe(false);
        if (!second.ok) expect(second.agent).toBe(a);
      }),
      { numRuns: 500 },
    );
  });

  it('only the agent who claimed can reply, hand back, resolve or release', () => {
    fc.assert(
      fc.property(fc.array(event, { maxLength: 40 }), (events) => {
        run(events, (before, e, out) => {
          if ((e.type === 'handBack' || e.type === 'resolve' || e.type === 'release') && out.ok)
            expect(before.agent).toBe(e.agent);
        });
      }),
      { numRuns: 500 },
    );
  });

  it('each queue notice goes out at most once per wait', () => {
    fc.assert(
      fc.property(fc.array(event, { maxLength: 60 }), (events) => {
        const sent = new Map<string, number>();
        run(events, (_before, e, out) => {
          if (e.type === 'request' && out.ok && _before.state !== 'queued') sent.clear();
          if (e.type === 'notice' && out.ok) {
            expect(sent.get(e.notice)).toBeUndefined();
            sent.set(e.notice, 1);
          }
        });
      }),
      { numRuns: 300 },
    );
  });

  it('routes customers to people exactly in queued and agent', () => {
    expect(HANDOFF_STATES.filter(withPeople)).toEqual(['queued', 'agent']);
  });
});
