import { describe, expect, test } from 'vitest';
import { ErrorCode } from '../errors';
import {
  decodeClientMessage,
  decodeServerMessage,
  encodeClientMessage,
  encodeServerMessage,
  MAX_CLIENT_MESSAGE_BYTES,
} from './codec';
import { datagramsNotOfferedReason, isDatagramsNotOffered } from './datagram';
import type { RtcSignalMessage } from './messages';
import { createPackr } from './packr';
import { RTC_SDP_MAX_BYTES } from './structures';

const packr = createPackr();

/** A data-channel-only offer as libdatachannel writes it (about 450 bytes). */
const OFFER_SDP = [
  'v=0',
  'o=rtc 3154579016 0 IN IP4 127.0.0.1',
  's=-',
  't=0 0',
  'a=group:BUNDLE 0',
  'a=msid-semantic:WMS *',
  'a=ice-options:ice2,trickle',
  'a=fingerprint:sha-256 E8:10:92:0C:88:B8:B3:3E:C2:FA:4E:8C:2B:93:8E:1D:58:5E:E6:DE:FC:7A:F4:9D:51:AE:8D:2F:31:99:D6:CB',
  'm=application 9 UDP/DTLS/SCTP webrtc-datachannel',
  'c=IN IP4 0.0.0.0',
  'a=mid:0',
  'a=sendrecv',
  'a=sctp-port:5000',
  'a=max-message-size:262144',
  'a=setup:actpass',
  'a=ice-ufrag:oyZ7',
  'a=ice-pwd:6UQhPp9lPHqtXWQ90xJh2o',
  '',
].join('\r\n');

function clientSignal(message: RtcSignalMessage) {
  return decodeClientMessage(encodeClientMessage(message));
}

describe('rtcSignal', () => {
  test.each<RtcSignalMessage>([
    { type: 'rtcSignal', kind: 'offer', sdp: OFFER_SDP },
    { type: 'rtcSignal', kind: 'answer', sdp: OFFER_SDP },
    {
      type: 'rtcSignal',
      kind: 'candidate',
      candidate: 'a=candidate:1 1 UDP 2114977791 127.0.0.1 57674 typ host',
      mid: '0',
    },
    { type: 'rtcSignal', kind: 'close' },
    { type: 'rtcSignal', kind: 'close', reason: 'the channel did not open within 5000 ms' },
  ])('a $kind round-trips both ways', (message) => {
    expect(clientSignal(message)).toEqual({ ok: true, value: message });
    expect(decodeServerMessage(encodeServerMessage(message))).toEqual({ ok: true, value: message });
  });

  test('an offer may be longer than other client messages, up to its own bound', () => {
    const long = `${OFFER_SDP}${'a=x-padding:0\r\n'.repeat(60)}`;
    expect(long.length).toBeGreaterThan(MAX_CLIENT_MESSAGE_BYTES);
    expect(clientSignal({ type: 'rtcSignal', kind: 'offer', sdp: long }).ok).toBe(true);
  });

  test('an SDP over RTC_SDP_MAX_BYTES is refused before msgpackr reads it', () => {
    const huge = 'a'.repeat(RTC_SDP_MAX_BYTES + 1);
    const result = clientSignal({ type: 'rtcSignal', kind: 'offer', sdp: huge });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.code).toBe(ErrorCode.BAD_MESSAGE);
  });

  test('another message type is still held to MAX_CLIENT_MESSAGE_BYTES', () => {
    const chat = packr.pack({ text: 'x'.repeat(MAX_CLIENT_MESSAGE_BYTES) });
    const result = decodeClientMessage(chat);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.code).toBe(ErrorCode.PAYLOAD_TOO_LARGE);
  });

  test.each([
    ['an unknown kind', { kind: 'renegotiate', sdp: '', cand: '', mid: '', why: '' }],
    ['an offer without SDP', { kind: 'offer', sdp: '', cand: '', mid: '', why: '' }],
    ['a candidate without its line', { kind: 'candidate', sdp: '', cand: '', mid: '0', why: '' }],
    [
      'control characters in a candidate',
      { kind: 'candidate', sdp: '', cand: 'candidate:\u0000', mid: '0', why: '' },
    ],
    ['a number for the SDP', { kind: 'offer', sdp: 7, cand: '', mid: '', why: '' }],
  ])('refuses %s', (_name, fields) => {
    const result = decodeClientMessage(packr.pack(fields));
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.code).toBe(ErrorCode.BAD_MESSAGE);
  });
});

test('a close that says datagrams are not offered is told apart from a failure', () => {
  expect(isDatagramsNotOffered(datagramsNotOfferedReason('room duel'))).toBe(true);
  expect(isDatagramsNotOffered(datagramsNotOfferedReason('this server'))).toBe(true);
  expect(isDatagramsNotOffered('the datagram channel did not open within 5000 ms')).toBe(false);
  expect(isDatagramsNotOffered(undefined)).toBe(false);
});
