import { spawn } from 'node:child_process';
import { closeSync, existsSync, openSync } from 'node:fs';
import { readFile, rm, writeFile } from 'node:fs/promises';
import { setTimeout as delay } from 'node:timers/promises';
import { fourLetterWord, locateZooKeeper } from '../../testing/index.js';
// Read-only use of the testing module's log reader (not exported from its index).
import { BASE_JVM_ARGS, tailOfFile } from '../../testing/zookeeper-process.js';
import { CliError } from '../cli-error.js';
import type { EnsembleLayout, EnsembleManifest, MemberSpec } from './ensemble-layout.js';

/** The testing module's JVM flags: a small serial-GC heap and C1 only. */
const JVM_ARGS = BASE_JVM_ARGS;
const STOP_GRACE_MS = 10_000;
const POLL_MS = 100;

/**
 * True if `pid` runs and is not a zombie. On Linux it must also be the JVM of
 * `cfgFile` (its command line names it), so a pid file left by a crash never
 * makes us signal an unrelated process that reused the pid.
 */
async function isOurs(pid: number, cfgFile: string): Promise<boolean> {
  if (existsSync('/proc/self/stat')) {
    try {
      const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
      if (stat.slice(stat.lastIndexOf(')') + 2).startsWith('Z')) return false;
      const cmdline = await readFile(`/proc/${pid}/cmdline`, 'utf8');
      return cmdline.split('\0').includes(cfgFile);
    } catch {
      return false;
    }
  }
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * One ensemble member's JVM, started detached (its own session, not a child
 * that dies with `zkr`) and found again through its pid file by later
 * `zkr ensemble` invocations. The testing module's ZooKeeperProcess is made to
 * die with its parent, so this is the launcher for servers that must outlive it.
 */
export class DetachedServer {
  constructor(
    private readonly layout: EnsembleLayout,
    private readonly manifest: EnsembleManifest,
    readonly member: MemberSpec,
  ) {}

  get id(): number { return this.member.id; }

  /** The pid of the running JVM, or `undefined` when it is not running. */
  async pid(): Promise<number | undefined> {
    let pid: number;
    try {
      pid = Number((await readFile(this.layout.pidFile(this.id), 'utf8')).trim());
    } catch {
      return undefined;
    }
    return Number.isInteger(pid) && pid > 0 && await isOurs(pid, this.layout.cfgFile(this.id)) ? pid : undefined;
  }

  /** Spawns the JVM detached and writes its pid file; does not wait for it to serve. */
  async start(): Promise<number> {
    const running = await this.pid();
    if (running !== undefined) return running;
    const install = locateZooKeeper();
    const memberDir = this.layout.memberDir(this.id);
    const args = [
      ...JVM_ARGS,
      ...(this.manifest.extendedTypes ? ['-Dzookeeper.extendedTypesEnabled=true'] : []),
      '-cp', [memberDir, ...install.classPath].join(':'),
      'org.apache.zookeeper.server.quorum.QuorumPeerMain', this.layout.cfgFile(this.id),
    ];
    const fd = openSync(this.layout.logFile(this.id), 'a');
    try {
      const child = spawn(install.java, args, { detached: true, stdio: ['ignore', fd, fd], cwd: memberDir });
      await new Promise<void>((resolve, reject) => {
        child.once('spawn', resolve);
        child.once('error', reject);
      });
      child.unref();
      const pid = child.pid!;
      await writeFile(this.layout.pidFile(this.id), `${pid}\n`);
      return pid;
    } finally {
      closeSync(fd);
    }
  }

  /** Resolves once the server answers `ruok`. @throws CliError with the log tail if it exits or times out */
  async waitUntilAnswering(timeoutMs: number): Promise<void> {
    const end = Date.now() + timeoutMs;
    for (;;) {
      const ok = await fourLetterWord('127.0.0.1', this.member.clientPort, 'ruok', { timeoutMs: 1_000 }).catch(() => '');
      if (ok === 'imok') return;
      const alive = await this.pid() !== undefined;
      if (!alive || Date.now() >= end) {
        const why = alive ? `did not answer within ${timeoutMs} ms` : 'exited during start';
        throw new CliError(`server ${this.id} ${why}; last log line: ${await this.lastLogLine()}`, 'START_FAILED');
      }
      await delay(POLL_MS);
    }
  }

  /** The last non-empty line of the member's log, for one-line errors. */
  async lastLogLine(): Promise<string> {
    const tail = (await tailOfFile(this.layout.logFile(this.id), 20)).split('\n').filter((l) => l.trim() !== '');
    return tail.at(-1) ?? '(empty log)';
  }

  /**
   * SIGTERM, then SIGKILL if it has not exited after the grace period; waits
   * until the process is gone and removes the pid file. Returns the pid it
   * stopped, or `undefined` if it was not running.
   */
  async stop(graceMs = STOP_GRACE_MS): Promise<number | undefined> {
    const pid = await this.pid();
    if (pid !== undefined) {
      process.kill(pid, 'SIGTERM');
      if (!await this.waitForExit(pid, graceMs)) {
        try { process.kill(pid, 'SIGKILL'); } catch { /* exited meanwhile */ }
        if (!await this.waitForExit(pid, STOP_GRACE_MS)) throw new CliError(`server ${this.id} (pid ${pid}) did not exit after SIGKILL`, 'STOP_FAILED');
      }
    }
    await rm(this.layout.pidFile(this.id), { force: true });
    return pid;
  }

  private async waitForExit(pid: number, timeoutMs: number): Promise<boolean> {
    const end = Date.now() + timeoutMs;
    while (await isOurs(pid, this.layout.cfgFile(this.id))) {
      if (Date.now() >= end) return false;
      await delay(POLL_MS);
    }
    return true;
  }
}
