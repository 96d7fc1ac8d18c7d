import { readFileSync } from 'node:fs';
import { connect, createServer, type Server, type Socket } from 'node:net';

/**
 * True if a process with this pid exists and is not a zombie. A zombie is a
 * dead process its parent has not reaped yet; that happens to servers whose
 * Node parent exited (they are re-parented to init, which may reap late).
 */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ESRCH') return false;
    throw error;
  }
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2)[0] !== 'Z';
  } catch {
    return false;
  }
}

/** Asserts that kill(pid, 0) fails with ESRCH: the process is gone and reaped. */
export function isGoneAndReaped(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return false;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ESRCH';
  }
}

/** A TCP echo server on 127.0.0.1 with a free port, for proxy tests. */
export async function startEchoServer(): Promise<{ port: number; close: () => Promise<void> }> {
  const sockets = new Set<Socket>();
  const server: Server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => undefined);
    socket.pipe(socket);
  });
  await new Promise<void>((resolve) => server.listen({ host: '127.0.0.1', port: 0 }, resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('no port');
  return {
    port: address.port,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

/** A client connection that records what it receives and how it ended. */
export interface TestClient {
  readonly socket: Socket;
  /** Everything received so far. */
  received(): string;
  /** Resolves with the received text once it contains `text`. */
  waitFor(text: string, timeoutMs?: number): Promise<string>;
  /** Resolves when the socket has closed (error or not). */
  readonly closed: Promise<void>;
}

/** Connects to 127.0.0.1:port; resolves once connected. */
export async function connectClient(port: number): Promise<TestClient> {
  const socket = connect({ host: '127.0.0.1', port });
  let data = '';
  const waiters = new Set<() => void>();
  socket.on('data', (chunk: Buffer) => {
    data += chunk.toString('utf8');
    for (const waiter of waiters) waiter();
  });
  socket.on('error', () => undefined);
  const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', resolve);
    socket.once('close', () => reject(new Error('closed before connect')));
  });
  return {
    socket,
    received: () => data,
    closed,
    waitFor: (text, timeoutMs = 5_000) =>
      new Promise<string>((resolve, reject) => {
        const check = (): void => {
          if (!data.includes(text)) return;
          cleanup();
          resolve(data);
        };
        const timer = setTimeout(() => {
          cleanup();
          reject(new Error(`did not receive ${JSON.stringify(text)} within ${timeoutMs} ms; got ${JSON.stringify(data)}`));
        }, timeoutMs);
        const cleanup = (): void => {
          clearTimeout(timer);
          waiters.delete(check);
        };
        waiters.add(check);
        check();
      }),
  };
}

/** Resolves after `ms`. */
export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Polls `condition` every 10 ms until it holds; rejects after `timeoutMs`. */
export async function until(condition: () => boolean, what: string, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(10);
  }
}
