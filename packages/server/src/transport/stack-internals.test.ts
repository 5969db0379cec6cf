import { once } from 'node:events';
import { createServer } from 'node:http';
import { connect, Server as NetServer, type Socket } from 'node:net';
import { waitFor } from '@arena/testing';
import { describe, expect, test } from 'vitest';
import { checkStack, gateConnections, WRITTEN_FOR } from './stack-check';
import {
  boundPollingClose,
  type EngineConnection,
  fastPartsOfWebSocket,
  guardPollingPosts,
} from './stack-internals';

describe('checkStack', () => {
  test('the installed stack is within the ranges the fast path was written for, and ws probes right', () => {
    const check = checkStack();
    expect(check.problem).toBeUndefined();
    expect(Object.keys(check.versions).sort()).toEqual(Object.keys(WRITTEN_FOR).sort());
    expect(check.versions.node).toBe(process.versions.node);
  });

  test.each([
    ['ws', '9.0.0'],
    ['engine.io', '7.0.0'],
    ['socket.io', '5.0.0'],
    ['node', '26.0.0'],
  ] as const)(
    '%s %s (outside its range) sends the process to the standard path, saying why',
    (name, version) => {
      const check = checkStack({ [name]: version });
      expect(check.problem).toContain(`${name} ${version}`);
      expect(check.problem).toContain(WRITTEN_FOR[name]);
    },
  );
});

describe('fastPartsOfWebSocket', () => {
  const receiver = {
    _state: 0,
    _bufferedBytes: 0,
    _fragmented: 0,
    _maxPayload: 0,
    writableLength: 0,
    write() {},
  };
  const socket = { readableLength: 0, writableLength: 0, _handle: null };
  const sender = { sendFrame() {} };

  test('says why, instead of parts, when a private field it reads is missing or of another type', () => {
    expect(fastPartsOfWebSocket({ readyState: 1 })).toMatch(/parser/);
    expect(fastPartsOfWebSocket({ _receiver: { ...receiver, _state: 'GET_INFO' } })).toMatch(/parser/);
    expect(fastPartsOfWebSocket({ _receiver: receiver })).toMatch(/frame writer/);
    expect(fastPartsOfWebSocket({ _receiver: receiver, _sender: sender })).toMatch(/socket/);
  });

  test('a socket without a usable handle, or on TLS, has no descriptor: no direct reads or writes', () => {
    const closed = fastPartsOfWebSocket({ _receiver: receiver, _sender: sender, _socket: socket });
    expect(typeof closed).not.toBe('string');
    if (typeof closed === 'string') return;
    expect(closed.fd).toBeUndefined();
    expect(closed.mayReadDirectly).toBe(false);
    expect(closed.mayWriteDirectly).toBe(false);
    expect(closed.stopPolling()).toBe(false);
    const handle = { fd: 7, reading: true, readStop: () => 0, readStart: () => 0 };
    const tls = fastPartsOfWebSocket({
      _receiver: receiver,
      _sender: sender,
      _socket: { ...socket, encrypted: true, _handle: handle },
    });
    expect(typeof tls !== 'string' && tls.fd).toBeUndefined();
  });
});

describe('boundPollingClose', () => {
  const connOn = (transport: object) => ({ transport }) as unknown as EngineConnection;

  test("sets a polling transport's close wait, and leaves other transports alone", () => {
    const polling = { name: 'polling', closeTimeout: 30_000 };
    expect(boundPollingClose(connOn(polling), 2000)).toBeUndefined();
    expect(polling.closeTimeout).toBe(2000);
    const websocket = { name: 'websocket' };
    expect(boundPollingClose(connOn(websocket), 2000)).toBeUndefined();
    expect(websocket).toEqual({ name: 'websocket' });
  });

  test('says why, changing nothing, when the polling transport has another shape', () => {
    const renamed = { name: 'polling', closeTimeoutMs: 30_000 };
    expect(boundPollingClose(connOn(renamed), 2000)).toMatch(/closeTimeout/);
    expect(renamed).toEqual({ name: 'polling', closeTimeoutMs: 30_000 });
  });
});

describe('guardPollingPosts', () => {
  const connOn = (transport: object) => ({ transport }) as unknown as EngineConnection;

  test("sets a polling transport's POST cap and takes over its POST reader, leaving other transports alone", () => {
    const onDataRequest = () => {};
    const polling = { name: 'polling', maxHttpBufferSize: 8192, onDataRequest };
    expect(guardPollingPosts(connOn(polling), 16_384, () => {})).toBeUndefined();
    expect(polling.maxHttpBufferSize).toBe(16_384);
    expect(polling.onDataRequest).not.toBe(onDataRequest);
    const websocket = { name: 'websocket' };
    expect(guardPollingPosts(connOn(websocket), 16_384, () => {})).toBeUndefined();
    expect(websocket).toEqual({ name: 'websocket' });
  });

  test('says why, changing nothing, when the polling transport has another shape', () => {
    const renamed = { name: 'polling', maxPayload: 8192, onDataRequest: () => {} };
    expect(guardPollingPosts(connOn(renamed), 16_384, () => {})).toMatch(/maxHttpBufferSize/);
    expect(renamed.maxPayload).toBe(8192);
    expect(Object.keys(renamed)).toEqual(['name', 'maxPayload', 'onDataRequest']);
  });
});

describe('gateConnections', () => {
  /** Sends `request` on a new connection and returns everything the server wrote before closing it. */
  async function exchange(port: number, request: string): Promise<string> {
    const socket = connect(port, '127.0.0.1');
    let received = '';
    socket.on('data', (chunk: Buffer) => (received += chunk.toString('latin1')));
    socket.on('error', () => {});
    socket.write(request);
    await once(socket, 'close');
    return received;
  }

  test("a connection refused in front of Node's HTTP server is never parsed; an admitted one is served", async () => {
    let requests = 0;
    const server = createServer((_request, response) => {
      requests++;
      response.end('served');
    });
    let isOpen = false;
    const problem = gateConnections(server, (socket: Socket) => {
      if (isOpen) return true;
      socket.end('HTTP/1.1 503 Service Unavailable\r\nContent-Length: 0\r\nConnection: close\r\n\r\n');
      return false;
    });
    expect(problem).toBeUndefined();
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    const { port } = server.address() as { port: number };
    try {
      const get = 'GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n';
      expect(await exchange(port, get)).toMatch(/^HTTP\/1\.1 503 /);
      expect(requests).toBe(0);
      isOpen = true;
      expect(await exchange(port, get)).toMatch(/^HTTP\/1\.1 200 [\s\S]*served$/);
      expect(requests).toBe(1);
    } finally {
      server.close();
    }
  });

  test('a server without a "connection" listener: the gate runs first and may not answer, and says why', async () => {
    const server = new NetServer();
    const admitted: boolean[] = [];
    const problem = gateConnections(server, (socket: Socket, mayAnswer: boolean) => {
      admitted.push(mayAnswer);
      socket.destroy();
      return false;
    });
    expect(problem).toMatch(/no "connection" listener/);
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    try {
      const client = connect((server.address() as { port: number }).port, '127.0.0.1');
      client.on('error', () => {});
      await waitFor(() => admitted.length === 1, 'the gate asked');
      expect(admitted).toEqual([false]);
      client.destroy();
    } finally {
      server.close();
    }
  });
});
