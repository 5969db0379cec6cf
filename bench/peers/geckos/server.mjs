// geckos.io peer for the 'arena' reference scenario (../../../../shared/bench/SCENARIO.md): the
// same game as the shared peers (../common/arena.mjs, copied from shared/peers/common), over
// geckos.io 3.1 WebRTC DataChannels (unordered, maxRetransmits 0: geckos' defaults). geckos has no
// rooms state or deltas: each tick the server packs the WHOLE state once with msgpackr's pack()
// and sends that buffer to every channel as a raw message, as the socketio-raw peer emits it.
//
// A client's player id comes back in the answer to its signalling POST (geckos' `authorization`
// hook returns it as userData), so no message has to win a race with the channel's opening.
// Inputs arrive as geckos events: channel.emit('i', {seq, dx, dy, angle}) on the bot, JSON on the
// wire, one input per datagram.
//
// One room (the reference scenario); ROOM_SIZE is refused rather than half supported.
// Env: PORT (HTTP signalling, default 9208), STATS_PORT (default 9101), T (tick Hz, default 20).
import { createServer } from 'node:http';
import geckos from '@geckos.io/server';
import { pack } from 'msgpackr';
import { acceptInput, applyInput, emptyInput, envNum, envRoomSize, spawn } from '../common/arena.mjs';
import { createServerStats } from '../common/stats.mjs';

const PORT = envNum('PORT', 9208);
const T = envNum('T', 20);
const DT = 1 / T;
const PERIOD_MS = 1000 / T;
if (envRoomSize() !== null)
  throw new Error('the geckos peer runs the one-room scenario only: unset ROOM_SIZE');
const stats = createServerStats();

let nextId = 1;
const io = geckos({
  iceServers: [],
  // loopback only: the channel's UDP stays on 127.0.0.1
  bindAddress: '127.0.0.1',
  authorization: async () => ({ id: nextId++ }),
});

const players = new Map();
const inputs = new Map();
/** Channels that are open, with their player: the snapshot goes to each. */
const channels = new Set();
let drops = 0;

io.onConnection((channel) => {
  const id = channel.userData.id;
  players.set(id, { id, ...spawn() });
  const slot = emptyInput();
  inputs.set(id, slot);
  channels.add(channel);
  channel.on('i', (msg) => acceptInput(slot, msg));
  // geckos drops a message when the channel's send buffer is not empty, or when it is too big
  channel.onDrop(() => {
    drops++;
  });
  channel.onDisconnect(() => {
    channels.delete(channel);
    players.delete(id);
    inputs.delete(id);
  });
});

let tick = 0;
let bytesPerSnapshot = 0;
function step() {
  const t0 = performance.now();
  tick++;
  for (const player of players.values()) applyInput(player, inputs.get(player.id), DT);
  const snapshot = pack({ tick, players: [...players.values()] });
  bytesPerSnapshot = snapshot.length;
  for (const channel of channels) channel.raw.emit(snapshot);
  stats.tick(performance.now() - t0);
  stats.send();
}

// Drift-corrected fixed-timestep loop, as the shared peers run it: ticks are scheduled against
// absolute times, so the average rate is exactly T unless a tick overruns (the backlog is dropped).
let nextAt = performance.now() + PERIOD_MS;
function loop() {
  try {
    step();
  } catch (e) {
    stats.error(e);
  }
  nextAt += PERIOD_MS;
  const now = performance.now();
  if (nextAt < now - PERIOD_MS) nextAt = now;
  setTimeout(loop, Math.max(0, nextAt - now));
}
setTimeout(loop, PERIOD_MS);

stats.serve(envNum('STATS_PORT', 9101), () => {
  drops = 0;
});
setInterval(() => {
  stats.setExtra('x_snapshot_bytes', bytesPerSnapshot);
  stats.setExtra('x_dropped_sends', drops);
  stats.setExtra('x_channels', channels.size);
}, 500).unref();

const httpServer = createServer();
io.addServer(httpServer);
httpServer.listen(PORT, '127.0.0.1', () => {
  console.error(`[server] geckos.io arena listening on 127.0.0.1:${PORT}, T=${T}Hz`);
  console.log('READY');
});
