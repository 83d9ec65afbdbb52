import { SlowCallTyping } from '../../src/engine/typing';

describe('SlowCallTyping', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  function make(delayMs = 300) {
    const shown: number[] = [];
    const typing = new SlowCallTyping(() => shown.push(Date.now()), delayMs);
    return { typing, shown };
  }

  it('shows once when a call is still in flight after the delay', () => {
    const { typing, shown } = make();
    typing.callStarted();
    jest.advanceTimersByTime(299);
    expect(shown).toHaveLength(0);
    jest.advanceTimersByTime(1);
    expect(shown).toHaveLength(1);
    typing.callStarted();
    jest.advanceTimersByTime(1000);
    expect(shown).toHaveLength(1);
  });

  it('shows nothing when every call ends before the delay', () => {
    const { typing, shown } = make();
    typing.callStarted();
    jest.advanceTimersByTime(200);
    typing.callEnded();
    typing.callStarted();
    jest.advanceTimersByTime(200);
    typing.callEnded();
    jest.advanceTimersByTime(1000);
    expect(shown).toHaveLength(0);
  });

  it('waits for the last of overlapping calls', () => {
    const { typing, shown } = make();
    typing.callStarted();
    typing.callStarted();
    typing.callEnded();
    jest.advanceTimersByTime(300);
    expect(shown).toHaveLength(1);
  });

  it('a message cancels it; a slow call after the message may show it again', () => {
    const { typing, shown } = make();
    typing.callStarted();
    jest.advanceTimersByTime(100);
    typing.messageSent();
    typing.callEnded();
    jest.advanceTimersByTime(1000);
    expect(shown).toHaveLength(0);
    typing.callStarted();
    jest.advanceTimersByTime(300);
    expect(shown).toHaveLength(1);
    typing.callEnded();
    typing.messageSent();
    typing.callStarted();
    jest.advanceTimersByTime(300);
    expect(shown).toHaveLength(2);
  });

  it('shows nothing once the turn has ended', () => {
    const { typing, shown } = make();
    typing.callStarted();
    typing.end();
    jest.advanceTimersByTime(1000);
    typing.callStarted();
    jest.advanceTimersByTime(1000);
    expect(shown).toHaveLength(0);
  });

  it('with no delay, shows as soon as a call starts', () => {
    const { typing, shown } = make(0);
    typing.callStarted();
    expect(shown).toHaveLength(1);
  });
});
