import { type ArenaServer, createArenaServer, type ServerOptions } from '@arena/server';
import { parsePrometheusText, type Sample, sampleValue } from '../../support/prometheus-text';
import { TestClient } from '../../support/test-client';
import { TEST_IO_PATH } from '../../support/test-server';
import type { RawArenaSocket } from './raw-websocket';

/** The admin token of every threat server (a test may pass its own). */
const THREAT_ADMIN_TOKEN = 'threat-server-admin-token';

/**
 * A real Arena server on 127.0.0.1 for one threat test, with everything the test opened closed
 * afterwards. Tests pass the limits they exercise; everything else keeps its default.
 */
export class ThreatServer {
  readonly clients: TestClient[] = [];
  readonly raws: RawArenaSocket[] = [];

  private constructor(
    readonly server: ArenaServer,
    readonly url: string,
  ) {}

  static async start(options: Partial<ServerOptions> = {}): Promise<ThreatServer> {
    const server = await createArenaServer({
      host: '127.0.0.1',
      port: 0,
      logLevel: 'silent',
      adminToken: THREAT_ADMIN_TOKEN,
      // no server bots: their seats, inputs and shots would change what the threat tests count
      minFighters: 0,
      ...(TEST_IO_PATH === undefined ? {} : { ioPath: TEST_IO_PATH }),
      ...options,
    });
    return new ThreatServer(server, await server.listen());
  }

  /** A real Socket.IO client, from `localAddress` if given (another client machine). */
  async connect(localAddress?: string): Promise<TestClient> {
    const client = await TestClient.connect(this.url, localAddress === undefined ? {} : { localAddress });
    this.clients.push(client);
    return client;
  }

  track(raw: RawArenaSocket): RawArenaSocket {
    this.raws.push(raw);
    return raw;
  }

  /**
   * Creates a room as the operator (with the admin token): bench rooms are allowed, and the room
   * waits for its players as long as an emptied room would (tests of squatting use their own calls).
   */
  async createRoom(body: object): Promise<string> {
    const response = await fetch(`${this.url}/api/rooms`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: `Bearer ${this.server.options.adminToken}`,
      },
      body: JSON.stringify(body),
    });
    if (response.status !== 201) throw new Error(`room not created: ${response.status}`);
    return ((await response.json()) as { room: { id: string } }).room.id;
  }

  /** One metric sample from GET /metrics (0 when the series does not exist yet). */
  async metric(name: string, labels: Record<string, string> = {}): Promise<number> {
    return sampleValue(await this.scrape(), name, labels) ?? 0;
  }

  /** Every sample of one GET /metrics. */
  async scrape(): Promise<Sample[]> {
    return parsePrometheusText(await (await fetch(`${this.url}/metrics`)).text());
  }

  async stop(): Promise<void> {
    for (const client of this.clients.splice(0)) client.close();
    for (const raw of this.raws.splice(0)) raw.close();
    await this.server.shutdown();
  }
}
