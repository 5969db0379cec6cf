import { describe, expect, test, vi } from 'vitest';
import { coarseScreen, SCREEN_TRANSITIONS, type Screen, ScreenMachine } from './screen-machine';

const SCREENS = Object.keys(SCREEN_TRANSITIONS) as Screen[];

/** A machine on `screen`, reached by allowed steps. */
function machineOn(path: readonly Screen[]): ScreenMachine {
  const machine = new ScreenMachine('connecting');
  for (const screen of path) machine.go(screen);
  return machine;
}

describe('ScreenMachine', () => {
  test('a first visit: connecting, the lobby, Play, the arena, a death, a respawn, leaving', () => {
    const machine = new ScreenMachine();
    const seen: string[] = [];
    machine.onChange(({ from, to }) => seen.push(`${from}>${to}`));
    for (const screen of ['lobby', 'joining', 'playing', 'dead', 'playing', 'lobby'] as const) {
      expect(machine.go(screen)).toBe(true);
    }
    expect(seen).toEqual([
      'connecting>lobby',
      'lobby>joining',
      'joining>playing',
      'playing>dead',
      'dead>playing',
      'playing>lobby',
    ]);
  });

  test('a dropped connection in a room reconnects, rejoins and plays on', () => {
    const machine = machineOn(['lobby', 'joining', 'playing']);
    for (const screen of ['reconnecting', 'joining', 'playing'] as const) machine.go(screen);
    expect(machine.screen).toBe('playing');
  });

  test('a drop while the rejoin is on its way reconnects again', () => {
    const machine = machineOn(['lobby', 'joining', 'playing', 'reconnecting', 'joining']);
    expect(machine.go('reconnecting')).toBe(true);
  });

  test('a reload mid-game goes from connecting straight to the rejoin', () => {
    expect(machineOn(['joining', 'playing']).screen).toBe('playing');
  });

  test('a replay is watched from the lobby and left back to it', () => {
    const machine = machineOn(['lobby', 'joining', 'replay']);
    expect(machine.isInArena).toBe(true);
    machine.go('lobby');
    expect(machine.isInArena).toBe(false);
  });

  test('an error is dismissed to the lobby, or to connecting while the server is away', () => {
    expect(machineOn(['lobby', 'error', 'lobby']).screen).toBe('lobby');
    expect(machineOn(['error', 'connecting']).screen).toBe('connecting');
  });

  test('a change the table does not list throws, and changes nothing', () => {
    const machine = machineOn(['lobby']);
    const listener = vi.fn();
    machine.onChange(listener);
    expect(() => machine.go('playing')).toThrow('no screen change from "lobby" to "playing"');
    expect(() => machine.go('replay')).toThrow();
    expect(() => machine.go('dead')).toThrow();
    expect(machine.screen).toBe('lobby');
    expect(listener).not.toHaveBeenCalled();
  });

  test('with the warn policy a refused change is logged and refused', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const machine = new ScreenMachine('replay', 'warn');
    expect(machine.go('reconnecting')).toBe(false);
    expect(machine.screen).toBe('replay');
    expect(warn).toHaveBeenCalledWith('Arena: no screen change from "replay" to "reconnecting"');
    warn.mockRestore();
  });

  test('staying on a screen is always allowed and tells nobody', () => {
    const machine = machineOn(['lobby']);
    const listener = vi.fn();
    machine.onChange(listener);
    expect(machine.go('lobby')).toBe(true);
    expect(listener).not.toHaveBeenCalled();
  });

  test('the table is closed: every screen can be left, and every target is a screen', () => {
    for (const screen of SCREENS) {
      expect(SCREEN_TRANSITIONS[screen].length).toBeGreaterThan(0);
      for (const to of SCREEN_TRANSITIONS[screen]) expect(SCREENS).toContain(to);
    }
    // only a join leads into a room, and a rejoin is a join
    for (const screen of SCREENS) {
      if (screen === 'joining') continue;
      expect(SCREEN_TRANSITIONS[screen]).not.toContain('replay');
      if (screen !== 'dead') expect(SCREEN_TRANSITIONS[screen]).not.toContain('playing');
    }
  });

  test('the test hook keeps its coarse screen names', () => {
    expect(coarseScreen('playing', true)).toBe('arena');
    expect(coarseScreen('dead', true)).toBe('arena');
    expect(coarseScreen('replay', true)).toBe('arena');
    expect(coarseScreen('reconnecting', false)).toBe('connecting');
    expect(coarseScreen('error', true)).toBe('lobby');
    expect(coarseScreen('error', false)).toBe('connecting');
    expect(coarseScreen('joining', true)).toBe('joining');
  });
});
