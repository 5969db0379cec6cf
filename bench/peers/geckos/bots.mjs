// geckos.io client bots for the geckos peer, in Node: @geckos.io/client is written for browsers,
// so the WebRTC classes it expects are node-datachannel's W3C polyfill, set as globals before the
// client is imported (the client reads them when a bot connects). The polyfill's peer is bound to
// 127.0.0.1, as the server's is: the channels' UDP stays on loopback.
//
// Every bot sends its inputs as geckos events ('i', JSON, one input per datagram). Observers (the
// first K bots) msgpackr-unpack every snapshot and find their own lastSeq; the others only count
// the bytes. Bytes are the DataChannel messages' payload: the DTLS, SCTP and UDP headers under
// them cannot be seen from here (Arena's datagram bots count the same way).
//
// Env: N, T, K, WARMUP_S, DURATION_S, PORT (default 9208), STATS_PORT (default 9101).

import { unpack } from 'msgpackr';
import {
  RTCPeerConnection as PolyfillPeerConnection,
  RTCIceCandidate,
  RTCSessionDescription,
} from 'node-datachannel/polyfill';
import { envNum } from '../common/arena.mjs';
import { runBots } from '../common/botkit.mjs';

globalThis.RTCPeerConnection = class extends PolyfillPeerConnection {
  constructor(config = {}) {
    super({ ...config, bindAddress: '127.0.0.1' });
  }
};
globalThis.RTCSessionDescription = RTCSessionDescription;
globalThis.RTCIceCandidate = RTCIceCandidate;
const { geckos } = await import('@geckos.io/client');

const PORT = envNum('PORT', 9208);
/** A channel that has not opened by then is a failed connect (the shared bots wait 30 s for a socket). */
const CONNECT_TIMEOUT_MS = 30_000;

function connectBot(_i, hooks) {
  return new Promise((resolve, reject) => {
    const channel = geckos({ url: 'http://127.0.0.1', port: PORT, iceServers: [] });
    const timer = setTimeout(() => reject(new Error('the channel did not open in 30 s')), CONNECT_TIMEOUT_MS);
    channel.onConnect((error) => {
      clearTimeout(timer);
      if (error) {
        reject(error);
        return;
      }
      const id = channel.userData.id;
      channel.onRaw((data) => {
        const bytes = typeof data === 'string' ? Buffer.byteLength(data) : data.byteLength;
        if (!hooks.observer) {
          hooks.onRawBytes(bytes);
          hooks.onRawFrame();
          return;
        }
        hooks.onBytes(bytes);
        const snap = unpack(new Uint8Array(data));
        for (const p of snap.players) {
          if (p.id === id) {
            hooks.onAck(p.lastSeq);
            break;
          }
        }
      });
      channel.onDisconnect(() => hooks.onClose('the channel closed'));
      resolve({
        sendInput(seq, dx, dy, angle) {
          channel.emit('i', { seq, dx, dy, angle });
        },
        close() {
          channel.close();
        },
      });
    });
  });
}

await runBots({ system: 'geckos', connectBot });
