import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { REPO_ROOT } from '../e2e/chromium';

/** The systemd unit of docs/deploy.md: the hardening it promises, and systemd's own verdict on it. */
const UNIT = join(REPO_ROOT, 'deploy/arena-node@.service');

function hasSystemdAnalyze(): boolean {
  return spawnSync('systemd-analyze', ['--version'], { stdio: 'ignore' }).status === 0;
}

/** `systemd-analyze verify` on the template as instance 1: exit status and what it said. */
function verify(unitText: string): { status: number | null; output: string } {
  const dir = mkdtempSync(join(tmpdir(), 'arena-unit-'));
  const file = join(dir, 'arena-node@1.service');
  writeFileSync(file, unitText);
  const run = spawnSync('systemd-analyze', ['verify', file], { encoding: 'utf8' });
  return { status: run.status, output: `${run.stdout}${run.stderr}` };
}

test('the node unit runs the compiled server as its own user, with no new privileges and a read-only system but for its state', () => {
  const unit = readFileSync(UNIT, 'utf8');
  const settings = new Map(
    unit
      .split('\n')
      .filter((line) => /^\w+=/.test(line))
      .map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)] as const),
  );
  expect(settings.get('ExecStart')).toMatch(
    /node --single-threaded-gc \S+\/packages\/server\/dist\/arena-server\.mjs$/,
  );
  expect(settings.get('User')).toBe('arena');
  expect(settings.get('NoNewPrivileges')).toBe('yes');
  expect(settings.get('ProtectSystem')).toBe('strict');
  expect(settings.get('StateDirectory')).toMatch(/recordings/);
  expect(settings.get('Environment')).toMatch(/^ARENA_RECORDINGS_DIR=\/var\/lib\/arena\//);
  expect(settings.get('CapabilityBoundingSet')).toBe('');
  expect(settings.get('KillSignal')).toBe('SIGTERM');
});

test.runIf(hasSystemdAnalyze())(
  'systemd-analyze verify accepts the unit, and refuses a broken copy of it (where systemd-analyze exists)',
  () => {
    const unit = readFileSync(UNIT, 'utf8');
    const node = execFileSync('readlink', ['-f', process.execPath], { encoding: 'utf8' }).trim();
    // The unit names /usr/bin/node (Debian's and NodeSource's); this machine's node may live elsewhere.
    const here = unit.replace('/usr/bin/node', node);
    expect(verify(here)).toEqual({ status: 0, output: '' });
    const broken = verify(here.replace('ProtectSystem=strict', 'ProtectSystem=bogus'));
    expect(broken.output).toMatch(/protect system value/i);
  },
);
