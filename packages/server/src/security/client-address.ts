import type { IncomingMessage } from 'node:http';
import { normaliseAddress } from './trusted-addresses';

/** The client's IP as the TCP connection sees it (IPv4-mapped IPv6 written as plain IPv4). */
export function remoteIpOf(request: IncomingMessage): string {
  return normaliseAddress(request.socket?.remoteAddress ?? 'unknown');
}
