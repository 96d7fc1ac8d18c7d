import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { createInterface } from 'node:readline';
import type { ChaosEvent, EventSink } from './events.js';

interface Pending {
  resolve: (value: unknown) => void;
  reject: (error: Error) => void;
}

/** A message from a chaos child process (one JSON object per stdout line). */
export type ChildMessage =
  | { type: 'event'; event: ChaosEvent }
  | { type: 'ready' }
  | { type: 'reply'; id: number; value?: unknown; error?: string }
  | { type: 'gate'; id: number; round: number };

/**
 * Line-delimited JSON over a child's stdio: requests `{ id, cmd, args }` go
 * in on stdin, replies, events and gate requests come back on stdout (lines
 * that are not JSON, from a native library, are ignored). Every pending
 * request fails if the child exits.
 */
export class ChildChannel {
  readonly #child: ChildProcessWithoutNullStreams;
  readonly #pending = new Map<number, Pending>();
  readonly #ready: Promise<void>;
  readonly #exited: Promise<number | null>;
  readonly #exit = new AbortController();
  #nextId = 1;
  #stderr = '';

  /**
   * @param onGate called when the child asks to pass a barrier round gate; the
   *   channel opens it (`{ gate: id }`) once the returned promise resolves.
   */
  constructor(readonly name: string, fixture: string, args: readonly string[], sink: EventSink, onGate?: (round: number, signal: AbortSignal) => Promise<void>) {
    this.#child = spawn(process.execPath, ['--import', 'tsx', fixture, ...args], { stdio: ['pipe', 'pipe', 'pipe'] });
    this.#child.stdin.on('error', () => undefined); // a child that died is reported by 'exit'
    this.#child.stderr.on('data', (chunk: Buffer) => { this.#stderr = (this.#stderr + chunk.toString()).slice(-4000); });
    if (process.env.CHAOS_STDERR_DIR) this.#child.stderr.pipe(createWriteStream(`${process.env.CHAOS_STDERR_DIR}/${name.replace(/\W+/g, '-')}.err`));
    this.#exited = new Promise((resolve) => this.#child.once('exit', (code) => resolve(code)));
    let ready!: () => void;
    this.#ready = new Promise((resolve, reject) => {
      ready = resolve;
      void this.#exited.then((code) => reject(new Error(`${name} exited (${code}) before it was ready:\n${this.#stderr}`)));
    });
    this.#ready.catch(() => undefined);
    createInterface({ input: this.#child.stdout }).on('line', (line) => {
      let message: ChildMessage;
      try {
        message = JSON.parse(line) as ChildMessage;
      } catch {
        return;
      }
      if (message.type === 'event') sink(message.event);
      else if (message.type === 'ready') ready();
      else if (message.type === 'reply') this.#settle(message);
      else if (message.type === 'gate' && onGate) {
        const { id } = message;
        void onGate(message.round, this.#exit.signal).then(() => this.#write({ gate: id }));
      }
    });
    void this.#exited.then(() => {
      this.#exit.abort();
      for (const pending of this.#pending.values()) pending.reject(new Error(`${name} exited:\n${this.#stderr}`));
      this.#pending.clear();
    });
  }

  /** Resolves once the child said it is ready; kills it if it exits or fails first. */
  async ready(): Promise<void> {
    try {
      await this.#ready;
    } catch (e) {
      this.#child.kill('SIGKILL');
      throw e;
    }
  }

  #settle(message: Extract<ChildMessage, { type: 'reply' }>): void {
    const pending = this.#pending.get(message.id);
    this.#pending.delete(message.id);
    if (message.error !== undefined) pending?.reject(new Error(message.error));
    else pending?.resolve(message.value);
  }

  #write(message: unknown): void {
    if (!this.#exit.signal.aborted && this.#child.stdin.writable) this.#child.stdin.write(`${JSON.stringify(message)}\n`);
  }

  /** Sends a command and resolves with the child's reply. */
  call(cmd: string, args?: unknown): Promise<unknown> {
    if (this.#exit.signal.aborted) return Promise.reject(new Error(`${this.name} has exited`));
    const id = this.#nextId++;
    return new Promise((resolve, reject) => {
      this.#pending.set(id, { resolve, reject });
      this.#write({ id, cmd, args });
    });
  }

  /** Sends `stop`, closes stdin and waits for the exit (SIGKILL after `graceMs`). */
  async stop(graceMs = 30_000): Promise<void> {
    const timer = setTimeout(() => this.#child.kill('SIGKILL'), graceMs);
    try {
      await this.call('stop').catch(() => undefined);
      this.#child.stdin.end();
      await this.#exited;
    } finally {
      clearTimeout(timer);
    }
  }
}

/**
 * The child's side: serves commands from stdin with `handle`, writes replies,
 * and opens gates. Returns `write`, for events and gate requests.
 */
export function serveParent(handle: (cmd: string, args: unknown) => Promise<unknown>, onGate?: (id: number) => void): (message: ChildMessage) => void {
  const write = (message: ChildMessage): void => { process.stdout.write(`${JSON.stringify(message)}\n`); };
  const lines = createInterface({ input: process.stdin });
  lines.on('line', (line) => {
    const { id, cmd, args, gate } = JSON.parse(line) as { id: number; cmd: string; args?: unknown; gate?: number };
    if (gate !== undefined) { onGate?.(gate); return; }
    handle(cmd, args).then(
      (value) => {
        write({ type: 'reply', id, value });
        if (cmd === 'stop') lines.close();
      },
      (e: unknown) => write({ type: 'reply', id, error: e instanceof Error ? `${e.name}: ${e.message}` : String(e) }),
    );
  });
  return write;
}
