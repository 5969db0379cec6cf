import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { request } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { waitFor } from '@arena/testing';
import { NodeProcess } from '../../cluster/support/node-process';
import { freePort, RedisProcess } from '../../cluster/support/redis-process';
import { CLIENT_DIST, REPO_ROOT } from '../../e2e/chromium';

/** The proxy configuration a deployment uses (docs/deploy.md): the test runs this very file. */
export const HAPROXY_CFG = join(REPO_ROOT, 'deploy/haproxy.cfg');

/** Debian's haproxy (scripts/ensure-system-packages.sh installs it), in /usr/sbin: not on every user's PATH. */
const HAPROXY_BIN = existsSync('/usr/sbin/haproxy') ? '/usr/sbin/haproxy' : 'haproxy';

/** A certificate for 127.0.0.1 and localhost made for one test run: its PEM, and the PEM HAProxy takes (chain + key). */
function makeCertificate(dir: string): { cert: string; haproxyPem: string } {
  const certFile = join(dir, 'cert.pem');
  const keyFile = join(dir, 'key.pem');
  execFileSync(
    'openssl',
    [
      ...['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'],
      ...['-keyout', keyFile, '-out', certFile, '-days', '1', '-subj', '/CN=localhost'],
      ...['-addext', 'subjectAltName=IP:127.0.0.1,DNS:localhost'],
    ],
    { stdio: 'pipe' },
  );
  const cert = readFileSync(certFile, 'utf8');
  const haproxyPem = join(dir, 'site.pem');
  writeFileSync(haproxyPem, cert + readFileSync(keyFile, 'utf8'));
  return { cert, haproxyPem };
}

/**
 * The recipe of docs/deploy.md on 127.0.0.1: HAProxy (deploy/haproxy.cfg) terminating TLS in front
 * of two Arena nodes sharing one redis-server. Players reach https://127.0.0.1:<port>; each
 * node's public URL names it through the proxy (?node=node-N).
 */
export class ProxyStack {
  private haproxyOutput = '';

  private constructor(
    readonly url: string,
    readonly cert: string,
    readonly nodes: readonly NodeProcess[],
    readonly nodeUrls: readonly string[],
    private readonly redis: RedisProcess,
    private readonly haproxy: ChildProcess,
  ) {
    haproxy.stdout!.on('data', (chunk) => (this.haproxyOutput += chunk));
    haproxy.stderr!.on('data', (chunk) => (this.haproxyOutput += chunk));
  }

  /** Starts the stack; `nodeArgs` go to both nodes after the recipe's own options. */
  static async start(nodeArgs: readonly string[] = []): Promise<ProxyStack> {
    const dir = mkdtempSync(join(tmpdir(), 'arena-proxy-stack-'));
    const { cert, haproxyPem } = makeCertificate(dir);
    const redis = await RedisProcess.start();
    const proxyPort = await freePort();
    const url = `https://127.0.0.1:${proxyPort}`;
    const nodePorts = [await freePort(), await freePort()];
    const nodes = nodePorts.map((port, index) =>
      NodeProcess.spawn([
        ...['--port', String(port), '--client-dir', CLIENT_DIST],
        ...['--redis-url', redis.url, '--node-id', `node-${index + 1}`],
        ...['--public-url', `${url}/?node=node-${index + 1}`],
        // the proxy is the only peer whose X-Forwarded-For is believed
        ...['--trust-proxy', '127.0.0.1', '--shutdown-drain-ms', '2000'],
        ...nodeArgs,
      ]),
    );
    const nodeUrls = await Promise.all(nodes.map((node) => node.url()));
    const haproxy = spawn(HAPROXY_BIN, ['-db', '-f', HAPROXY_CFG], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: {
        ...process.env,
        ARENA_PROXY_BIND: `127.0.0.1:${proxyPort}`,
        ARENA_TLS_PEM: haproxyPem,
        ARENA_NODE_1: `127.0.0.1:${nodePorts[0]}`,
        ARENA_NODE_2: `127.0.0.1:${nodePorts[1]}`,
      },
    });
    const stack = new ProxyStack(url, cert, nodes, nodeUrls, redis, haproxy);
    await waitFor(
      async () => {
        if (haproxy.exitCode !== null) throw new Error(`haproxy exited:\n${stack.haproxyOutput}`);
        return (await stack.get('/readyz').catch(() => ({ status: 0 }))).status === 200;
      },
      'the proxy to answer /readyz',
      { timeoutMs: 20_000, detail: () => stack.haproxyOutput },
    );
    return stack;
  }

  /** GET through the proxy (trusting the test's certificate), from `localAddress`. */
  get(
    path: string,
    localAddress = '127.0.0.1',
  ): Promise<{ status: number; body: string; headers: Record<string, unknown> }> {
    return new Promise((resolve, reject) => {
      const req = request(`${this.url}${path}`, { ca: this.cert, agent: false, localAddress }, (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (body += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body, headers: res.headers }));
      });
      req.on('error', reject);
      req.end();
    });
  }

  /** POST `body` as JSON through the proxy. */
  post(path: string, body: object): Promise<{ status: number; body: string }> {
    return new Promise((resolve, reject) => {
      const payload = JSON.stringify(body);
      const headers = { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) };
      const req = request(
        `${this.url}${path}`,
        { method: 'POST', ca: this.cert, agent: false, headers },
        (res) => {
          let text = '';
          res.setEncoding('utf8');
          res.on('data', (chunk: string) => (text += chunk));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
        },
      );
      req.on('error', reject);
      req.end(payload);
    });
  }

  get log(): string {
    return this.haproxyOutput;
  }

  async stop(): Promise<void> {
    for (const node of this.nodes) node.kill();
    this.haproxy.kill('SIGKILL');
    await this.redis.kill();
  }
}
