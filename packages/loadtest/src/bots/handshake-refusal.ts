/**
 * Why a server refused a WebSocket handshake. A browser-style WebSocket client only learns
 * "websocket error"; the same handshake over HTTP long-polling returns the refusal's body, which
 * on an Arena server is an ARENA_ERR code with the reason (for example too many connections from
 * one address: start the server with --trusted-addresses): engine.io's `{"message"}` for a
 * refused handshake, Arena's `{"error":{"code","message"}}` for a TCP connection refused at accept.
 * Asked once, after a failed connect.
 */
export async function handshakeRefusal(baseUrl: string, timeoutMs = 2000): Promise<string | undefined> {
  try {
    const handshake = new URL('/socket.io/?EIO=4&transport=polling', baseUrl);
    const response = await fetch(handshake, { signal: AbortSignal.timeout(timeoutMs) });
    const text = await response.text();
    if (response.ok) {
      // Accepted this time: close the session at once rather than hold a connection slot.
      const sid = /"sid":"([^"]+)"/.exec(text)?.[1];
      if (sid !== undefined) {
        handshake.searchParams.set('sid', sid);
        await fetch(handshake, { method: 'POST', body: '1', signal: AbortSignal.timeout(timeoutMs) });
      }
      return undefined;
    }
    return refusalInBody(text);
  } catch {
    return undefined; // unreachable: the original error stands
  }
}

/**
 * The ARENA_ERR code and reason in the body of a refused handshake: engine.io's `{"message"}`
 * (polling) or its bare message (a refused WebSocket upgrade), or Arena's
 * `{"error":{"code","message"}}`; undefined when the body is not Arena's.
 */
export function refusalInBody(text: string): string | undefined {
  if (text.startsWith('ARENA_ERR_')) return text.trim();
  try {
    const body = JSON.parse(text) as { message?: unknown; error?: { code?: unknown; message?: unknown } };
    const message =
      typeof body.error?.code === 'string'
        ? `${body.error.code}: ${String(body.error.message)}`
        : body.message;
    return typeof message === 'string' && message.startsWith('ARENA_ERR_') ? message : undefined;
  } catch {
    return undefined;
  }
}
