import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { ZkClient } from '../../src/index.js';
import { eventually } from '../support/zk.js';
import { zkr, zkrJson } from './zkr-process.js';

interface Member { id: number; role: string; pid: number | null; type: string; zxid: string | null; connections: number | null }
interface Status { connectString: string; quorum: boolean; members: Member[] }

/** True while `pid` runs (a zombie waiting for init to reap it has exited). */
function running(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return !stat.slice(stat.lastIndexOf(')') + 2).startsWith('Z');
  } catch {
    return false;
  }
}

function roles(members: readonly Member[]): string[] {
  return members.map((m) => m.role).sort();
}

describe('zkr ensemble: a local ensemble that outlives zkr', () => {
  let dir: string;
  const pids = new Set<number>();
  const ensemble = (...args: string[]): Promise<Status> => zkrJson<Status>(['ensemble', ...args, '--dir', dir]);
  const remember = (s: Status): Status => {
    for (const m of s.members) if (m.pid !== null) pids.add(m.pid);
    return s;
  };

  before(async () => {
    dir = join(await mkdtemp(join(tmpdir(), 'zkr-ensemble-test-')), 'ens');
  });

  after(async () => {
    // Whatever happened above, leave no server behind.
    await zkr(['ensemble', 'down', '--dir', dir]).catch(() => undefined);
    for (const pid of pids) if (running(pid)) process.kill(pid, 'SIGKILL');
    await rm(join(dir, '..'), { recursive: true, force: true });
  });

  test('up → status → stop the leader → a new leader → start → down leaves no process', async () => {
    const up = remember(await ensemble('up', '--servers', '3', '--observers', '1'));
    assert.deepEqual(roles(up.members), ['follower', 'follower', 'leader', 'observer']);
    assert.equal(up.connectString.split(',').length, 4);
    assert.ok(existsSync(join(dir, 'server-1', 'zoo.cfg')));
    assert.equal(readFileSync(join(dir, 'server-4', 'data', 'myid'), 'utf8'), '4\n');
    assert.match(readFileSync(join(dir, 'server-4', 'zoo.cfg'), 'utf8'), /^server\.4=127\.0\.0\.1:\d+:\d+:observer$/m);

    // The servers outlived the `zkr ensemble up` process: a later zkr finds them.
    const status = remember(await ensemble('status'));
    assert.equal(status.quorum, true);
    assert.deepEqual(status.members.map((m) => m.pid), up.members.map((m) => m.pid));
    const text = await zkr(['ensemble', 'status', '--dir', dir]);
    assert.match(text.stdout, /serving, leader is server \d/);
    assert.match(text.stdout, /^ID\s+TYPE\s+ROLE\s+PID\s+CLIENT/m);

    const again = await zkr(['ensemble', 'up', '--dir', dir]);
    assert.equal(again.code, 1);
    assert.match(again.stderr, /^zkr: an ensemble is already running in /);

    const client = new ZkClient({ connect: up.connectString, sessionTimeoutMs: 20_000, connectTimeoutMs: 20_000 });
    try {
      await client.connect();
      await client.create('/kept', 'across failover');
    } finally {
      await client.close();
    }

    const leader = status.members.find((m) => m.role === 'leader')!;
    const stopped = await zkrJson<{ stopped: boolean; pid: number }>(['ensemble', 'stop', String(leader.id), '--dir', dir]);
    assert.deepEqual([stopped.stopped, stopped.pid], [true, leader.pid]);
    let after: Status | undefined;
    await eventually(async () => {
      after = remember(await ensemble('status'));
      return after.quorum;
    }, 60_000, 250);
    const newLeader = after!.members.find((m) => m.role === 'leader')!;
    assert.notEqual(newLeader.id, leader.id);
    assert.equal(after!.members.find((m) => m.id === leader.id)!.role, 'stopped');
    assert.equal(running(leader.pid!), false);
    const kept = await zkr(['-s', up.connectString, '--timeout', '20000', 'get', '/kept']);
    assert.equal(kept.stdout, 'across failover\n');

    const started = await zkrJson<{ started: { id: number; pid: number }[] }>(['ensemble', 'start', String(leader.id), '--dir', dir]);
    pids.add(started.started[0].pid);
    await eventually(async () => {
      const s = remember(await ensemble('status'));
      return s.quorum && s.members.every((m) => m.role !== 'stopped');
    }, 60_000, 250);

    const down = await zkrJson<{ stopped: number[] }>(['ensemble', 'down', '--dir', dir]);
    assert.equal(down.stopped.length, 4);
    assert.equal(existsSync(dir), false);
    await eventually(() => [...pids].every((pid) => !running(pid)), 15_000, 100);
  });

  test('without an ensemble: one error line and exit 1', async () => {
    const r = await zkr(['ensemble', 'status', '--dir', join(dir, '..', 'none')]);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /^zkr: no ensemble in .*none \(start one with: zkr ensemble up --dir .*\)\n$/);
    const bad = await zkr(['ensemble', 'explode', '--dir', dir]);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /^zkr: ensemble: unknown action "explode"/);
  });
});
