import { rmSync } from 'node:fs';

/**
 * Module-wide record of the server processes and temp directories this
 * module created, so that they do not outlive the Node process: a test run
 * that crashes, calls process.exit() or is interrupted with Ctrl-C must not
 * leave Java servers holding ports and memory.
 *
 * Handlers are installed only while something is recorded and removed as soon
 * as nothing is, so a program that uses the testing helpers briefly keeps its
 * own signal behaviour the rest of the time.
 */

const pids = new Set<number>();
const tempDirs = new Set<string>();
const SIGNALS = ['SIGINT', 'SIGTERM'] as const;
let installed = false;

function killAllSync(): void {
  for (const pid of pids) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // Already gone: nothing to do.
    }
  }
  pids.clear();
}

function removeTempDirsSync(): void {
  for (const dir of tempDirs) {
    try {
      rmSync(dir, { recursive: true, force: true, maxRetries: 3, retryDelay: 20 });
    } catch {
      // Best effort at exit: a leftover temp dir is not worth a crash.
    }
  }
  tempDirs.clear();
}

function onExit(): void {
  // Only synchronous work runs in 'exit': kill by pid, remove files.
  killAllSync();
  removeTempDirsSync();
}

function onSignal(signal: NodeJS.Signals): void {
  killAllSync();
  removeTempDirsSync();
  uninstall();
  // Our listener suppressed the default action (terminate). If nobody else
  // listens, re-raise the signal so the process ends the way it would have
  // without us; if someone does, their handler already ran and decides.
  if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
}

function install(): void {
  if (installed) return;
  installed = true;
  process.on('exit', onExit);
  for (const signal of SIGNALS) process.on(signal, onSignal);
}

function uninstall(): void {
  if (!installed) return;
  installed = false;
  process.off('exit', onExit);
  for (const signal of SIGNALS) process.off(signal, onSignal);
}

function update(): void {
  if (pids.size > 0 || tempDirs.size > 0) install();
  else uninstall();
}

/** Records a server process we spawned; it is SIGKILLed if Node exits first. */
export function trackProcess(pid: number): void {
  pids.add(pid);
  update();
}

/** Forgets a process once it has exited. */
export function untrackProcess(pid: number): void {
  pids.delete(pid);
  update();
}

/** Records a temp directory we created; it is removed if Node exits first. */
export function trackTempDir(dir: string): void {
  tempDirs.add(dir);
  update();
}

/** Forgets a temp directory once it has been removed (or handed to the user). */
export function untrackTempDir(dir: string): void {
  tempDirs.delete(dir);
  update();
}

/** Pids currently recorded (for tests and diagnostics). */
export function trackedProcesses(): readonly number[] {
  return [...pids];
}
