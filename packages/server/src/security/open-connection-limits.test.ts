import { EventEmitter } from 'node:events';
import type { Socket } from 'node:net';
import { ErrorCode } from '@arena/protocol';
import { describe, expect, test } from 'vitest';
import { OpenConnectionLimits, tcpCapPerIp } from './open-connection-limits';

/** The parts of a TCP socket the limits use, recording what was done to it. */
class FakeSocket extends EventEmitter {
  written = '';
  isDestroyed = false;
  isReading = false;

  constructor(readonly remoteAddress: string | undefined) {
    super();
  }

  resume(): this {
    this.isReading = true;
    return this;
  }

  end(data: Buffer, callback: () => void): this {
    this.written += data.toString('latin1');
    callback();
    return this;
  }

  destroy(): this {
    this.isDestroyed = true;
    return this;
  }

  get answerBody(): unknown {
    return JSON.parse(this.written.slice(this.written.indexOf('\r\n\r\n') + 4));
  }
}

function limits(maxPerIp: number, maxTotal: number, trusted: string[] = []) {
  const refusals: ErrorCode[] = [];
  const logged: object[] = [];
  const logger = { info() {}, warn: (entry: object) => logged.push(entry), error() {} };
  const subject = new OpenConnectionLimits({
    maxPerIp,
    maxTotal,
    trustedAddresses: new Set(trusted),
    logger,
    refused: (code) => refusals.push(code),
  });
  const accept = (address: string | undefined, mayAnswer = true) => {
    const socket = new FakeSocket(address);
    return { socket, isAdmitted: subject.admit(socket as unknown as Socket, mayAnswer) };
  };
  return { subject, refusals, logged, accept };
}

describe('OpenConnectionLimits', () => {
  test('refuses an address over its cap with a complete 429 carrying RATE_LIMITED; other addresses are counted apart', () => {
    const { subject, refusals, accept } = limits(2, 0);
    expect(accept('10.0.0.1').isAdmitted).toBe(true);
    expect(accept('::ffff:10.0.0.1').isAdmitted).toBe(true); // the same client, as a dual-stack socket writes it
    expect(accept('10.0.0.2').isAdmitted).toBe(true);
    const over = accept('10.0.0.1');
    expect(over.isAdmitted).toBe(false);
    expect(over.socket.written).toMatch(/^HTTP\/1\.1 429 Too Many Requests\r\n/);
    expect(over.socket.written).toMatch(/\r\nConnection: close\r\n/);
    const length = Number(/Content-Length: (\d+)/.exec(over.socket.written)![1]);
    expect(Buffer.byteLength(JSON.stringify(over.socket.answerBody))).toBe(length);
    expect(over.socket.answerBody).toEqual({
      error: {
        code: ErrorCode.RATE_LIMITED,
        message: 'too many open connections from your address (at most 2)',
      },
    });
    expect(over.socket.isReading).toBe(true);
    expect(over.socket.isDestroyed).toBe(true);
    expect(refusals).toEqual([ErrorCode.RATE_LIMITED]);
    expect(subject.openTotal).toBe(3);
    expect(subject.openByIp.get('10.0.0.1')).toBe(2);
  });

  test('a closed connection gives its slot back, exactly once', () => {
    const { subject, accept } = limits(1, 0);
    const first = accept('10.0.0.1');
    expect(accept('10.0.0.1').isAdmitted).toBe(false);
    first.socket.emit('close');
    first.socket.emit('close');
    expect(subject.openTotal).toBe(0);
    expect(subject.openByIp.size).toBe(0);
    expect(accept('10.0.0.1').isAdmitted).toBe(true);
  });

  test('past the total, every address is refused with a 503 carrying SERVER_FULL, trusted ones too', () => {
    const { subject, refusals, accept } = limits(0, 2, ['10.0.0.9']);
    accept('10.0.0.1');
    accept('10.0.0.9');
    for (const address of ['10.0.0.2', '10.0.0.9']) {
      const over = accept(address);
      expect(over.isAdmitted).toBe(false);
      expect(over.socket.written).toMatch(/^HTTP\/1\.1 503 Service Unavailable\r\n/);
      expect(over.socket.answerBody).toMatchObject({ error: { code: ErrorCode.SERVER_FULL } });
    }
    expect(refusals).toEqual([ErrorCode.SERVER_FULL, ErrorCode.SERVER_FULL]);
    expect(subject.openTotal).toBe(2);
  });

  test('a trusted address has no per-address cap, and 0 means no cap at all', () => {
    const trusted = limits(1, 0, ['10.0.0.9']);
    for (let i = 0; i < 5; i++) expect(trusted.accept('10.0.0.9').isAdmitted).toBe(true);
    const unlimited = limits(0, 0);
    for (let i = 0; i < 5; i++) expect(unlimited.accept('10.0.0.1').isAdmitted).toBe(true);
    expect(unlimited.subject.openTotal).toBe(5);
  });

  test('without leave to answer, a refused connection is closed at once with nothing written', () => {
    const { accept } = limits(1, 0);
    accept('10.0.0.1');
    const over = accept('10.0.0.1', false);
    expect(over.isAdmitted).toBe(false);
    expect(over.socket.written).toBe('');
    expect(over.socket.isDestroyed).toBe(true);
  });

  test('a flood of refusals from one address logs one line per code', () => {
    const { logged, accept } = limits(1, 0);
    accept('10.0.0.1');
    for (let i = 0; i < 50; i++) accept('10.0.0.1');
    expect(logged).toEqual([expect.objectContaining({ ip: '10.0.0.1', code: ErrorCode.RATE_LIMITED })]);
  });
});

describe('tcpCapPerIp', () => {
  test('twice the handshake cap (a polling client holds two connections at times); none without one', () => {
    expect(tcpCapPerIp(32)).toBe(64);
    expect(tcpCapPerIp(0)).toBe(0);
  });
});
