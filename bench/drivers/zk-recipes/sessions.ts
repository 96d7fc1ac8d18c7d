import { randomUUID } from 'node:crypto';
import { ZkClient, type ZkClientOptions } from 'zk-recipes';

/** A connected client for the bench (10 s sessions, as every driver uses). */
export async function connectClient(connect: string, options: Partial<ZkClientOptions> = {}): Promise<ZkClient> {
  const client = new ZkClient({ connect, sessionTimeoutMs: 10_000, connectTimeoutMs: 30_000, ...options });
  await client.connect();
  return client;
}

/** `count` connected clients, opened a few at a time. */
export async function connectClients(connect: string, count: number): Promise<ZkClient[]> {
  const clients: ZkClient[] = [];
  for (let i = 0; i < count; i += 20) {
    const batch = Array.from({ length: Math.min(20, count - i) }, () => connectClient(connect));
    clients.push(...(await Promise.all(batch)));
  }
  return clients;
}

/** Closes every client (errors ignored: the run is over). */
export async function closeAll(clients: readonly ZkClient[]): Promise<void> {
  await Promise.all(clients.map((c) => c.close().catch(() => undefined)));
}

/** A fresh path for one run: `/bench/<workload>-<random>`. */
export function runRoot(workload: string): string {
  return `/bench/${workload}-${randomUUID().slice(0, 8)}`;
}

/** Resolves when `predicate` holds, polling every `intervalMs`; rejects after `timeoutMs`. */
export async function until(predicate: () => boolean | Promise<boolean>, timeoutMs = 30_000, intervalMs = 10): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await predicate())) {
    if (Date.now() > end) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}
