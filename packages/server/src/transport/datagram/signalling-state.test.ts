import { describe, expect, test } from 'vitest';
import { SignallingState } from './signalling-state';

const LIMITS = { openTimeoutMs: 5000, maxCandidates: 3, maxOffers: 2 };

describe('SignallingState', () => {
  test('an offer negotiates; the channel opening makes it open', () => {
    const state = new SignallingState(LIMITS);
    expect(state.phase).toBe('idle');
    expect(state.offer(0)).toBeUndefined();
    expect(state.phase).toBe('negotiating');
    expect(state.opened()).toBe(true);
    expect(state.phase).toBe('open');
    expect(state.expire(10_000)).toBe(false);
  });

  test('a negotiation that does not open by its deadline is closed, once', () => {
    const state = new SignallingState(LIMITS);
    state.offer(1000);
    expect(state.expire(5999)).toBe(false);
    expect(state.expire(6000)).toBe(true);
    expect(state.expire(7000)).toBe(false);
    expect(state.phase).toBe('closed');
    // the channel opening after the deadline is not news: the client was told to stay on the WebSocket
    expect(state.opened()).toBe(false);
  });

  test('a second offer while one negotiates or is open is refused', () => {
    const state = new SignallingState(LIMITS);
    state.offer(0);
    expect(state.offer(1)).toMatch(/already/);
    state.opened();
    expect(state.offer(2)).toMatch(/already/);
  });

  test('after a close a seat may offer again, up to maxOffers', () => {
    const state = new SignallingState(LIMITS);
    state.offer(0);
    expect(state.close()).toBe('negotiating');
    expect(state.offer(1)).toBeUndefined();
    state.close();
    expect(state.offer(2)).toMatch(/at most 2/);
    expect(state.phase).toBe('closed');
  });

  test('candidates count only while negotiating, up to the cap per offer', () => {
    const state = new SignallingState(LIMITS);
    expect(state.candidate()).toBe(false);
    state.offer(0);
    expect([state.candidate(), state.candidate(), state.candidate(), state.candidate()]).toEqual([
      true,
      true,
      true,
      false,
    ]);
    state.opened();
    expect(state.candidate()).toBe(false);
  });
});
