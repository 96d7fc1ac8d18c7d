import { spawn } from 'node:child_process';
import type { DriverResult } from '../drivers/common/driver-protocol.js';
import { REPO_ROOT, type DriverSpec } from './drivers.js';

/** What one driver run asks for. */
export interface DriverRun {
  connect: string;
  workload: string;
  n: number;
  clients: number;
  timeoutMs: number;
}

/**
 * Runs one driver process and returns its JSON line. A crash, a timeout or a
 * missing line becomes a result with `error` (the tail of its stderr).
 */
export async function runDriverProcess(spec: DriverSpec, run: DriverRun): Promise<DriverResult & { wallMs: number }> {
  const args = ['--connect', run.connect, '--workload', run.workload, '--n', String(run.n), '--clients', String(run.clients)];
  const { file, argv } = spec.command(args);
  const started = performance.now();
  const child = spawn(file, argv, { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => { stdout += d.toString(); });
  child.stderr.on('data', (d: Buffer) => { stderr = (stderr + d.toString()).slice(-4000); });
  let timedOut = false;
  const timer = setTimeout(() => { timedOut = true; child.kill('SIGKILL'); }, run.timeoutMs);
  const code = await new Promise<number | null>((resolve) => child.on('close', (c) => resolve(c)));
  clearTimeout(timer);
  const wallMs = performance.now() - started;
  const base = { driver: spec.name, workload: run.workload, n: run.n, clients: run.clients, metrics: {}, wallMs };
  if (timedOut) return { ...base, error: `timed out after ${run.timeoutMs} ms; stderr: ${stderr.slice(-500)}` };
  const line = stdout.trim().split('\n').reverse().find((l) => l.startsWith('{'));
  if (!line) return { ...base, error: `no result line (exit ${code}); stderr: ${stderr.slice(-500)}` };
  try {
    return { ...(JSON.parse(line) as DriverResult), wallMs };
  } catch {
    return { ...base, error: `unreadable result line: ${line.slice(0, 200)}` };
  }
}
