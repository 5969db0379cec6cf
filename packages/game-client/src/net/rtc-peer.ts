import {
  DATAGRAM_CHANNEL_CLOSED,
  DATAGRAM_CHANNEL_ID,
  DATAGRAM_CHANNEL_LABEL,
  type RtcPeerFactory,
  type StartTimer,
} from '@arena/protocol';

/** The page's timers for the datagram channel. */
export const browserTimer: StartTimer = (callback, delayMs) => {
  const id = setTimeout(callback, delayMs);
  return () => clearTimeout(id);
};

/**
 * An RTCPeerConnection with no STUN or TURN servers (the server offers host candidates only,
 * docs/netcode.md "Datagrams") and the negotiated, unordered, never-retransmitted channel.
 */
export const browserRtcPeer: RtcPeerFactory = (events) => {
  const connection = new RTCPeerConnection({ iceServers: [] });
  let channel: RTCDataChannel | undefined;
  let isClosed = false;
  const closed = (reason: string) => {
    if (isClosed) return;
    isClosed = true;
    events.closed(reason);
  };
  connection.addEventListener('icecandidate', (event) => {
    const candidate = event.candidate;
    // null (and an empty line) mark the end of gathering: nothing to send
    if (candidate === null || candidate.candidate === '') return;
    events.candidate(candidate.candidate, candidate.sdpMid ?? '0');
  });
  connection.addEventListener('connectionstatechange', () => {
    // a failed ICE check or DTLS handshake ("unknown CA") ends here, before any channel event
    if (connection.connectionState === 'failed') closed(DATAGRAM_CHANNEL_CLOSED);
  });
  return {
    start() {
      // Created before the offer, so the offer carries the application m-line; both ends name it by id.
      channel = connection.createDataChannel(DATAGRAM_CHANNEL_LABEL, {
        negotiated: true,
        id: DATAGRAM_CHANNEL_ID,
        ordered: false,
        maxRetransmits: 0,
      });
      channel.binaryType = 'arraybuffer';
      channel.addEventListener('open', () => events.open());
      channel.addEventListener('message', (event: MessageEvent<unknown>) => {
        if (event.data instanceof ArrayBuffer) events.message(new Uint8Array(event.data));
      });
      channel.addEventListener('close', () => closed(DATAGRAM_CHANNEL_CLOSED));
      const makeOffer = async () => {
        const offer = await connection.createOffer();
        await connection.setLocalDescription(offer);
        return connection.localDescription?.sdp ?? offer.sdp ?? '';
      };
      makeOffer().then(
        (sdp) => {
          if (!isClosed) events.offer(sdp);
        },
        (error: unknown) => closed(`the offer could not be made: ${String(error)}`),
      );
    },
    setAnswer(sdp) {
      return connection.setRemoteDescription({ type: 'answer', sdp });
    },
    addCandidate(candidate, mid) {
      // libdatachannel may write the SDP attribute form, `a=candidate:...`
      const line = candidate.startsWith('a=') ? candidate.slice(2) : candidate;
      return connection.addIceCandidate({ candidate: line, sdpMid: mid });
    },
    send(bytes) {
      if (channel?.readyState !== 'open') return false;
      try {
        // a copy on its own ArrayBuffer, as send() takes: inputs and acks are tens of bytes
        channel.send(new Uint8Array(bytes));
        return true;
      } catch {
        return false;
      }
    },
    close() {
      isClosed = true;
      channel?.close();
      connection.close();
    },
  };
};
