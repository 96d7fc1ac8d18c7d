import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** The CLI's entry point, run with tsx exactly as a user would run the built `zkr`. */
const ZKR = fileURLToPath(new URL('../../src/cli/zkr.ts', import.meta.url));
/** tsx is resolved from the repository, so the CLI always runs from there. */
const REPO = fileURLToPath(new URL('../..', import.meta.url));

/** What one `zkr` run printed and how it ended. */
export interface ZkrResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** The environment without ZK_CONNECT/ZKR_ENSEMBLE_DIR, so every test says what it connects to. */
function cleanEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env = { ...process.env, ...extra };
  if (!('ZK_CONNECT' in extra)) delete env.ZK_CONNECT;
  if (!('ZKR_ENSEMBLE_DIR' in extra)) delete env.ZKR_ENSEMBLE_DIR;
  return env;
}

function spawnZkr(args: readonly string[], env: Record<string, string>): ChildProcessWithoutNullStreams {
  return spawn(process.execPath, ['--import', 'tsx', ZKR, ...args], { cwd: REPO, env: cleanEnv(env), stdio: 'pipe' });
}

/**
 * Runs `zkr args...` to completion, feeding `input` on stdin. Killed after
 * `timeoutMs` (a hang is a failure, not a stuck suite).
 */
export function zkr(args: readonly string[], options: { input?: string; env?: Record<string, string>; timeoutMs?: number } = {}): Promise<ZkrResult> {
  const child = spawnZkr(args, options.env ?? {});
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => { stdout += d.toString(); });
  child.stderr.on('data', (d: Buffer) => { stderr += d.toString(); });
  child.stdin.end(options.input ?? '');
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`zkr ${args.join(' ')} did not finish within ${options.timeoutMs ?? 90_000} ms\nstdout: ${stdout}\nstderr: ${stderr}`));
    }, options.timeoutMs ?? 90_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

/** Runs zkr with `--json` and parses its stdout; fails with stderr if it did not succeed. */
export async function zkrJson<T = Record<string, unknown>>(args: readonly string[]): Promise<T> {
  const r = await zkr([...args, '--json']);
  if (r.code !== 0) throw new Error(`zkr ${args.join(' ')} exited ${r.code}: ${r.stderr}`);
  return JSON.parse(r.stdout) as T;
}

/** A long-running zkr (`config watch`, the shell) whose output lines are read as they come. */
export class ZkrSession {
  readonly lines: string[] = [];
  stderr = '';
  private readonly child: ChildProcessWithoutNullStreams;
  private partial = '';
  readonly exited: Promise<number | null>;

  constructor(args: readonly string[], env: Record<string, string> = {}) {
    this.child = spawnZkr(args, env);
    this.child.stdout.on('data', (d: Buffer) => {
      const text = this.partial + d.toString();
      const parts = text.split('\n');
      this.partial = parts.pop() ?? '';
      this.lines.push(...parts);
    });
    this.child.stderr.on('data', (d: Buffer) => { this.stderr += d.toString(); });
    this.exited = new Promise((resolve) => this.child.on('close', (code) => resolve(code)));
  }

  /** Resolves with the first line at or after `from` matching `predicate`. */
  async waitForLine(predicate: (line: string) => boolean, from = 0, timeoutMs = 30_000): Promise<string> {
    const end = Date.now() + timeoutMs;
    for (;;) {
      const found = this.lines.slice(from).find(predicate);
      if (found !== undefined) return found;
      if (Date.now() > end) throw new Error(`no matching line within ${timeoutMs} ms; lines: ${JSON.stringify(this.lines)}; stderr: ${this.stderr}`);
      await new Promise((r) => setTimeout(r, 25));
    }
  }

  write(text: string): void {
    this.child.stdin.write(text);
  }

  /** Ctrl-C. */
  interrupt(): void {
    this.child.kill('SIGINT');
  }

  /** Ends it for good (test clean-up). */
  kill(): void {
    if (this.child.exitCode === null) this.child.kill('SIGKILL');
  }
}
