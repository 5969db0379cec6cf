import {
  DATAGRAM_CHANNEL_CLOSED,
  DATAGRAM_CHANNEL_ID,
  DATAGRAM_CHANNEL_LABEL,
  type RtcPeer,
  type RtcPeerEvents,
  type RtcPeerFactory,
  type StartTimer,
} from '@arena/protocol';

/** How long a bot waits for its channel before it stays on the WebSocket, ms (the server gives up at 5 s). */
export const BOT_DATAGRAM_OPEN_TIMEOUT_MS = 8000;

type NodeDataChannel = typeof import('node-datachannel');
/** node-datachannel, loaded by the first bot that negotiates a channel (none for WebSocket bots). */
let library: Promise<NodeDataChannel> | undefined;

/** Node's timers for the datagram channel. */
export const nodeTimer: StartTimer = (callback, delayMs) => {
  const timer = setTimeout(callback, delayMs);
  return () => clearTimeout(timer);
};

/**
 * The RtcPeer factory for bots and probes: node-datachannel PeerConnections (libdatachannel),
 * after the library loads once per thread. Rejects when it cannot load, so the caller stays on
 * the WebSocket and says why.
 */
export async function loadNodeRtcPeers(): Promise<RtcPeerFactory> {
  library ??= import('node-datachannel');
  const datachannel = await library;
  return (events) => nodeRtcPeer(datachannel, events);
}

/**
 * Closes node-datachannel's threads once every bot has stopped, if any bot loaded it: a worker
 * thread that exits with them running aborts the process.
 */
export async function releaseDatagramLibrary(): Promise<void> {
  if (library === undefined) return;
  const loaded = await library.catch(() => undefined);
  loaded?.cleanup();
}

/** A node-datachannel PeerConnection with no STUN or TURN servers and the negotiated channel. */
function nodeRtcPeer(datachannel: NodeDataChannel, events: RtcPeerEvents): RtcPeer {
  const peer = new datachannel.PeerConnection('arena-bot', { iceServers: [] });
  let channel: import('node-datachannel').DataChannel | undefined;
  let isClosed = false;
  const closed = (reason: string) => {
    if (isClosed) return;
    isClosed = true;
    events.closed(reason);
  };
  /**
   * node-datachannel calls back from native code, where an exception ends the process: a
   * callback that throws ends the channel instead, so the bot stays on the WebSocket.
   */
  const guarded =
    <A extends unknown[]>(callback: (...args: A) => void) =>
    (...args: A): void => {
      try {
        callback(...args);
      } catch (error) {
        try {
          closed(`a datagram callback failed: ${(error as Error).message}`);
        } catch {
          // the owner failed again: the channel is ended either way
        }
      }
    };
  return {
    start() {
      peer.onLocalDescription(
        guarded((sdp, type) => {
          if (type === 'offer' && !isClosed) events.offer(sdp);
        }),
      );
      peer.onLocalCandidate(
        guarded((candidate, mid) => {
          if (!isClosed) events.candidate(candidate, mid);
        }),
      );
      // Created before the offer, so the offer carries the application m-line; both ends name it by id.
      const created = peer.createDataChannel(DATAGRAM_CHANNEL_LABEL, {
        negotiated: true,
        id: DATAGRAM_CHANNEL_ID,
        unordered: true,
        maxRetransmits: 0,
      });
      channel = created;
      created.onOpen(
        guarded(() => {
          if (!isClosed) events.open();
        }),
      );
      created.onMessage(
        guarded((data: string | Buffer | ArrayBuffer) => {
          if (isClosed || typeof data === 'string') return;
          events.message(
            data instanceof ArrayBuffer
              ? new Uint8Array(data)
              : new Uint8Array(data.buffer, data.byteOffset, data.byteLength),
          );
        }),
      );
      created.onClosed(guarded(() => closed(DATAGRAM_CHANNEL_CLOSED)));
    },
    setAnswer(sdp) {
      try {
        peer.setRemoteDescription(sdp, 'answer');
        return Promise.resolve();
      } catch (error) {
        return Promise.reject(error);
      }
    },
    addCandidate(candidate, mid) {
      try {
        peer.addRemoteCandidate(candidate, mid);
        return Promise.resolve();
      } catch (error) {
        return Promise.reject(error);
      }
    },
    send(bytes) {
      if (isClosed || channel === undefined) return false;
      try {
        // false means buffered, not lost: it leaves once the SCTP window allows
        channel.sendMessageBinary(bytes);
        return true;
      } catch {
        return false;
      }
    },
    close() {
      isClosed = true;
      try {
        channel?.close();
        peer.close();
      } catch {
        // already closed
      }
    },
  };
}
