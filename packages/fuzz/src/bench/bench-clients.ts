// Child process of the slow-consumer benchmark: COUNT players on raw WebSockets in each of two
// rooms, sending an input every tick and reading everything; then one more in each room: in the
// first a normal reader, in the second a player that joins and then stops reading (its socket
// paused: the kernel buffers fill, then the server's). Prints "ready" once everyone is seated,
// then runs until killed.
import {
  arenaSocketParser,
  decodeServerMessage,
  encodeClientMessage,
  PROTOCOL_VERSION,
} from '@arena/protocol';
import WebSocket from 'ws';

const [url, countText, readerRoom, slowRoom] = process.argv.slice(2) as [string, string, string, string];
const count = Number(countText);
const TICK_MS = 1000 / 60;

interface Player {
  readonly ws: WebSocket;
  seq: number;
  isSeated: boolean;
  lastTick: number;
}

function open(name: string, roomId: string, stopsReading: boolean): Promise<Player> {
  const ws = new WebSocket(new URL('/socket.io/?EIO=4&transport=websocket', url.replace(/^http/, 'ws')), {
    perMessageDeflate: false,
  });
  const player: Player = { ws, seq: 0, isSeated: false, lastTick: 0 };
  let hasAskedToJoin = false;
  return new Promise((resolve, reject) => {
    ws.on('error', reject);
    ws.on('message', (data: Buffer, isBinary: boolean) => {
      if (!isBinary) {
        const text = data.toString();
        if (text.startsWith('0')) {
          for (const frame of new arenaSocketParser.Encoder().encode({ type: 0, nsp: '/' })) ws.send(frame);
        } else if (text === '2') ws.send('3');
        return;
      }
      if (!hasAskedToJoin) {
        // the first binary frame is Socket.IO's connect answer: only now may events follow
        hasAskedToJoin = true;
        ws.send(encodeClientMessage({ type: 'join', protocolVersion: PROTOCOL_VERSION, name, roomId }));
        return;
      }
      const message = decodeServerMessage(new Uint8Array(data));
      if (!message.ok) return;
      if (message.value.type === 'welcome' && !player.isSeated) {
        player.isSeated = true;
        if (stopsReading) (ws as unknown as { _socket: { pause(): void } })._socket.pause();
        resolve(player);
      }
      if (message.value.type === 'snapshot') player.lastTick = message.value.tick;
    });
  });
}

const players: Player[] = [];
for (const roomId of [readerRoom, slowRoom]) {
  for (let i = 0; i < count; i++) players.push(await open(`bot${i}`, roomId, false));
}
players.push(await open('reader', readerRoom, false));
await open('slow', slowRoom, true);
console.log('ready');

let direction = 1;
setInterval(() => {
  direction = -direction;
  for (const player of players) {
    if (player.ws.readyState !== WebSocket.OPEN) continue;
    player.seq++;
    player.ws.send(
      encodeClientMessage({
        type: 'input',
        seq: player.seq,
        moveX: direction,
        moveY: 0,
        aim: 0,
        fire: false,
        clientTimeMs: Date.now() % 2 ** 32,
        lastSnapshotTick: player.lastTick,
      }),
    );
  }
}, TICK_MS);
