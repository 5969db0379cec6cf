import { EventEmitter } from 'node:events';
import { expect, test } from 'vitest';
import { takeOverReceive } from './raw-receive';
import { type NodeWebSocket, wsHeaderBytes } from './ws-bytes';

/** An unmasked server-to-client frame. */
function frame(opcode: number, payload: Uint8Array): Buffer {
  const n = payload.length;
  const header =
    n < 126
      ? Buffer.from([0x80 | opcode, n])
      : n < 65_536
        ? Buffer.from([0x80 | opcode, 126, n >> 8, n & 0xff])
        : Buffer.concat([
            Buffer.from([0x80 | opcode, 127]),
            Buffer.from(new BigUint64Array([BigInt(n)]).buffer).reverse(),
          ]);
  expect(header.length).toBe(wsHeaderBytes(n));
  return Buffer.concat([header, payload]);
}

function fakeWebSocket() {
  const socket = new EventEmitter() as EventEmitter & { resume(): void };
  socket.resume = () => {};
  socket.on('data', () => {
    throw new Error('the library listener must be removed');
  });
  const pongs: Uint8Array[] = [];
  return {
    ws: {
      _socket: socket,
      on: () => {},
      pong: (data?: Uint8Array) => pongs.push(data ?? new Uint8Array()),
    } as unknown as NodeWebSocket,
    socket,
    pongs,
  };
}

test('counts every byte and frame, peeks snapshot ticks and hands back pings, across any chunking', () => {
  // snapshot (record 0x45) at tick 300 (uint16) acking seq 200 (uint8), a 70 kB snapshot at tick 5
  // acking 0 (fixints), a ping "2",
  // a WebSocket ping, and a non-snapshot binary message (welcome, 0x44).
  const big = new Uint8Array(70_000);
  big.set([0x45, 5]);
  const frames = [
    frame(0x2, Uint8Array.from([0x45, 0xcd, 0x01, 0x2c, 0xcc, 0xc8, 0xc4, 0x01, 0x02])),
    frame(0x2, big),
    frame(0x1, Buffer.from('2')),
    frame(0x9, Uint8Array.from([1, 2, 3])),
    frame(0x2, Uint8Array.from([0x44, 0x07])),
  ];
  const wire = Buffer.concat(frames);
  for (const chunkSize of [1, 3, 7, 1000, wire.length]) {
    const { ws, socket, pongs } = fakeWebSocket();
    const seen = {
      bytes: 0,
      frames: 0,
      ticks: [] as number[],
      acks: [] as (number | undefined)[],
      texts: [] as string[],
    };
    takeOverReceive(ws, {
      onBytes: (n) => {
        seen.bytes += n;
      },
      onFrame: () => {
        seen.frames++;
      },
      onSnapshotTick: (tick, ackSeq) => {
        seen.ticks.push(tick);
        seen.acks.push(ackSeq);
      },
      onSmallText: (text) => seen.texts.push(text),
    });
    for (let i = 0; i < wire.length; i += chunkSize) socket.emit('data', wire.subarray(i, i + chunkSize));
    expect(seen.bytes).toBe(wire.length);
    expect(seen.frames).toBe(4); // data frames only, not the WebSocket ping
    expect(seen.ticks).toEqual([300, 5]);
    expect(seen.acks).toEqual([200, 0]);
    expect(seen.texts).toEqual(['2']);
    expect(pongs.map((p) => [...p])).toEqual([[1, 2, 3]]);
  }
});
