/** What POST /api/rooms answered: the status and the JSON body (a room, or an error). */
export interface CreatedRoom {
  readonly status: number;
  readonly json: { room?: Record<string, unknown>; error?: { code: string } };
}

/** POST /api/rooms as the operator (with the server's admin token: bench rooms need it). */
export async function createRoomAsOperator(
  url: string,
  body: object,
  adminToken: string,
): Promise<CreatedRoom> {
  const response = await fetch(`${url}/api/rooms`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${adminToken}` },
    body: JSON.stringify(body),
  });
  return { status: response.status, json: (await response.json()) as CreatedRoom['json'] };
}
