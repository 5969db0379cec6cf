import { createHash, timingSafeEqual } from 'node:crypto';

/**
 * Whether an `Authorization` header carries `Bearer <adminToken>`, compared in constant time.
 * Always false while the server runs without an admin token ("").
 */
export function carriesAdminToken(authorization: string | undefined, adminToken: string): boolean {
  if (adminToken === '') return false;
  const header = authorization ?? '';
  const given = header.startsWith('Bearer ') ? header.slice('Bearer '.length) : '';
  return timingSafeEqual(digest(given), digest(adminToken));
}

function digest(text: string): Buffer {
  return createHash('sha256').update(text).digest();
}
