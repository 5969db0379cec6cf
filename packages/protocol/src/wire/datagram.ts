import { RECORD, RECORD_BYTE_BASE } from './structures';

/**
 * Largest datagram either end sends over the unreliable DataChannel, bytes: under a 1,280-byte
 * IPv6 minimum MTU after DTLS, SCTP and UDP headers, so no datagram is fragmented (one lost
 * fragment loses the whole message). A snapshot message longer than this goes over the WebSocket.
 */
export const DATAGRAM_MAX_BYTES = 1100;

/** Inputs each client datagram carries, oldest first: the newest and the ones before it, so a lost datagram costs nothing while the next arrives. */
export const DATAGRAM_INPUT_REDUNDANCY = 4;

/** How a room's snapshots and inputs may travel: over the WebSocket only, or over datagrams for clients that ask. */
export type TransportName = 'websocket' | 'datagram';
export const TRANSPORT_NAMES: readonly TransportName[] = ['websocket', 'datagram'];

const NOT_OFFERED_SUFFIX = ' sends over the WebSocket only';

/**
 * The reason of the `close` that answers an offer where datagrams are not offered (`where` is
 * "room <id>", or "this server"): not a failure, the client simply stays on the WebSocket.
 */
export function datagramsNotOfferedReason(where: string): string {
  return `${where}${NOT_OFFERED_SUFFIX}`;
}

/** True for a `close` reason made by datagramsNotOfferedReason. */
export function isDatagramsNotOffered(reason: string | undefined): boolean {
  return reason?.endsWith(NOT_OFFERED_SUFFIX) === true;
}

/** Label of the datagram DataChannel (negotiated, id 0, unordered, no retransmission). */
export const DATAGRAM_CHANNEL_LABEL = 'arena-datagrams';
/** Stream id both ends give the negotiated channel. */
export const DATAGRAM_CHANNEL_ID = 0;

const INPUT_BYTE = RECORD_BYTE_BASE + RECORD.input;
const INPUTS_BYTE = RECORD_BYTE_BASE + RECORD.inputs;
const ACK_BYTE = RECORD_BYTE_BASE + RECORD.ack;

/**
 * True when a client datagram is of a kind the datagram channel carries: inputs (one or a batch)
 * and acks. Joins, chat and everything else travel over Socket.IO only.
 */
export function isDatagramClientRecord(bytes: Uint8Array): boolean {
  const first = bytes[0];
  return first === INPUTS_BYTE || first === INPUT_BYTE || first === ACK_BYTE;
}

/** True when a snapshot message of this many bytes may travel as one datagram. */
export function fitsDatagram(messageBytes: number): boolean {
  return messageBytes <= DATAGRAM_MAX_BYTES;
}
