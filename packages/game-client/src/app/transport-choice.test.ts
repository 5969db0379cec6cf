import { describe, expect, test } from 'vitest';
import { datagramWish, readTransportChoice } from './transport-choice';

describe('readTransportChoice', () => {
  test('no parameter offers datagrams quietly', () => {
    expect(readTransportChoice('')).toEqual({ choice: 'auto', isBlocked: false, notice: undefined });
  });

  test('datagram and websocket are taken as they are', () => {
    expect(readTransportChoice('?transport=datagram').choice).toBe('datagram');
    expect(readTransportChoice('?transport=websocket&room=a').choice).toBe('websocket');
  });

  test('a bad value is told and means the WebSocket', () => {
    const read = readTransportChoice('?transport=udp');
    expect(read.choice).toBe('websocket');
    expect(read.notice).toMatch(/"udp" is not one of websocket, datagram/);
  });

  test('blockDatagrams=1 is the test hook that keeps the channel from opening', () => {
    expect(readTransportChoice('?blockDatagrams=1').isBlocked).toBe(true);
  });

  test('datagramOpenMs=N sets how long the channel may take to open, within its bounds', () => {
    expect(readTransportChoice('?datagramOpenMs=25000').openTimeoutMs).toBe(25_000);
    expect(readTransportChoice('?transport=datagram&datagramOpenMs=1000').openTimeoutMs).toBe(1000);
    for (const bad of ['999', '120001', '2.5e3x', 'abc', '', '1500.5']) {
      expect(readTransportChoice(`?datagramOpenMs=${bad}`), bad).not.toHaveProperty('openTimeoutMs');
    }
  });
});

describe('datagramWish', () => {
  test('auto offers without asking; websocket offers only for a room chosen with datagrams', () => {
    expect(datagramWish('auto', false)).toEqual({ isWanted: true, isAsked: false });
    expect(datagramWish('datagram', false)).toEqual({ isWanted: true, isAsked: true });
    expect(datagramWish('websocket', false)).toEqual({ isWanted: false, isAsked: false });
    expect(datagramWish('websocket', true)).toEqual({ isWanted: true, isAsked: true });
  });
});
