import { type ErrorCode, encodeServerMessage, type GameEvent } from '@arena/protocol';
import type { LoopClock } from '../loop/fixed-tick-loop';
import { IdleCloseTimer } from './idle-close-timer';
import type { RoomConnection } from './room-types';

/** Someone in a room: a player in a live room, a spectator in a replay. */
export interface RoomMember {
  readonly name: string;
  readonly connection: RoomConnection;
}

export interface RoomMembersOptions {
  readonly clock: LoopClock;
  /** How long the room may stay empty. */
  readonly idleTimeoutMs: number;
  /** How long the room waits for its first member, if shorter than idleTimeoutMs (squatting). */
  readonly unjoinedTimeoutMs?: number;
  /** The room was empty for unjoinedTimeoutMs from its start, or idleTimeoutMs since the last one left. */
  readonly onIdle: () => void;
  /** How each message reaches a member (a live room counts what it sends). */
  readonly send: (connection: RoomConnection, bytes: Uint8Array) => void;
}

/**
 * Who is in a room, by key, and what a room sends to all of them: the same bytes, a tick's
 * events, a chat line, the news that it closed. An empty room's idle timer runs from the start
 * (for the shorter unjoined timeout: a room nobody ever came to is a squat) and whenever the last
 * member leaves, and stops when someone comes.
 */
export class RoomMembers<M extends RoomMember> {
  private readonly byKey = new Map<number, M>();
  private readonly idle: IdleCloseTimer;
  private readonly send: RoomMembersOptions['send'];

  constructor(options: RoomMembersOptions) {
    this.send = options.send;
    this.idle = new IdleCloseTimer(options.clock, options.idleTimeoutMs, () => {
      if (this.byKey.size === 0) options.onIdle();
    });
    this.idle.arm(Math.min(options.idleTimeoutMs, options.unjoinedTimeoutMs ?? options.idleTimeoutMs));
  }

  get size(): number {
    return this.byKey.size;
  }

  get(key: number): M | undefined {
    return this.byKey.get(key);
  }

  values(): IterableIterator<M> {
    return this.byKey.values();
  }

  add(key: number, member: M): void {
    this.byKey.set(key, member);
    this.idle.cancel();
  }

  /** Takes the member out; the idle timer starts when it was the last one. */
  remove(key: number): M | undefined {
    const member = this.byKey.get(key);
    if (member === undefined) return undefined;
    this.byKey.delete(key);
    if (this.byKey.size === 0) this.idle.arm();
    return member;
  }

  broadcast(bytes: Uint8Array): void {
    for (const member of this.byKey.values()) this.send(member.connection, bytes);
  }

  /** Sends one tick's events as one message; nothing when there are none or nobody is here. */
  sendEvents(tick: number, events: readonly GameEvent[]): void {
    if (events.length === 0 || this.byKey.size === 0) return;
    this.broadcast(encodeServerMessage({ type: 'events', tick, events }));
  }

  /** Relays a (sanitised) chat line from the member with `key` to everyone, sent as from `fromId`. */
  chat(key: number, fromId: number, text: string): void {
    const member = this.byKey.get(key);
    if (member === undefined) return;
    this.broadcast(encodeServerMessage({ type: 'chatLine', fromId, name: member.name, text, scope: 'room' }));
  }

  /** The room closed: every member gets a notice and the error `code`, then is let go; the idle timer stops. */
  closeAll(code: ErrorCode, message: string): void {
    this.idle.cancel();
    const error = encodeServerMessage({ type: 'error', code, message });
    const notice = encodeServerMessage({ type: 'notice', text: message, level: 'warn' });
    for (const member of this.byKey.values()) {
      this.send(member.connection, notice);
      this.send(member.connection, error);
      member.connection.roomClosed(code, message);
    }
    this.byKey.clear();
  }
}
