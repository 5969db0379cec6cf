import { ErrorCode } from '@arena/protocol';
import { beforeEach, expect, test } from 'vitest';
import { FakeConnection } from '../testing/fake-connection';
import { ManualClock } from '../testing/manual-clock';
import { type RoomMember, RoomMembers } from './room-members';

let clock: ManualClock;
let idleAtMs: number[];

beforeEach(() => {
  clock = new ManualClock();
  idleAtMs = [];
});

function makeMembers(): RoomMembers<RoomMember & { readonly connection: FakeConnection }> {
  return new RoomMembers({
    clock,
    idleTimeoutMs: 1000,
    onIdle: () => idleAtMs.push(clock.now()),
    send: (connection, bytes) => connection.send(bytes),
  });
}

test('an empty room goes idle after the timeout; someone coming stops the wait, the last one leaving starts it over', () => {
  const members = makeMembers();
  clock.advance(999);
  members.add(1, { name: 'ann', connection: new FakeConnection() });
  clock.advance(5000);
  expect(idleAtMs).toEqual([]);
  members.remove(1);
  clock.advance(999);
  expect(idleAtMs).toEqual([]);
  clock.advance(1);
  expect(idleAtMs).toEqual([6999]);
});

test('closeAll sends each member a notice and the error, lets them go, and no idle wait follows', () => {
  const members = makeMembers();
  const ann = new FakeConnection();
  members.add(1, { name: 'ann', connection: ann });
  members.closeAll(ErrorCode.ROOM_CLOSED, 'closed by a test');
  expect(ann.received.map((message) => message.type)).toEqual(['notice', 'error']);
  expect(ann.closedWith).toEqual({ code: ErrorCode.ROOM_CLOSED, message: 'closed by a test' });
  expect(members.size).toBe(0);
  clock.advance(10_000);
  expect(idleAtMs).toEqual([]);
});

test("chat goes to everyone under the sender's name; events go out as one message, none when there are none", () => {
  const members = makeMembers();
  const ann = new FakeConnection();
  const ben = new FakeConnection();
  members.add(1, { name: 'ann', connection: ann });
  members.add(2, { name: 'ben', connection: ben });
  members.chat(1, 7, 'hi');
  members.chat(3, 7, 'from nobody');
  members.sendEvents(5, []);
  members.sendEvents(6, [{ kind: 'leave', playerId: 9 }]);
  for (const connection of [ann, ben]) {
    expect(connection.received).toEqual([
      { type: 'chatLine', fromId: 7, name: 'ann', text: 'hi', scope: 'room' },
      { type: 'events', tick: 6, events: [{ kind: 'leave', playerId: 9 }] },
    ]);
  }
});
