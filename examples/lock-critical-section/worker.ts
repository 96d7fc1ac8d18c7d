/**
 * One worker process: reserves items from the inventory, one at a time, each
 * under the Mutex /locks/inventory: read the count, think a little, write the
 * count minus one together with the lease's fencing token.
 *
 *   ZK_CONNECT=... STORE_URL=... tsx worker.ts <name> <reservations> [freeze-at]
 *
 * With `freeze-at` = n, the worker announces its n-th critical section with a
 * line containing "FREEZE-ME" and dawdles, so that the demo can freeze the
 * whole process (SIGSTOP) right there, like a long GC pause or a VM migration.
 */
import { Mutex, ZkClient, type Lease } from '../../src/index.js';

const [name, reservationsArg, freezeAtArg] = process.argv.slice(2);
const reservations = Number(reservationsArg);
let freezeAt = freezeAtArg === undefined ? -1 : Number(freezeAtArg);
const store = process.env.STORE_URL!;
const say = (line: string): void => console.log(`[${name}] ${line}`);

const client = new ZkClient({ connect: process.env.ZK_CONNECT!, sessionTimeoutMs: 2000 });
await client.connect();
const mutex = new Mutex(client, '/locks/inventory', { participantData: name });

/** One reservation under the lock; false if the store refused our write. */
async function reserveOne(lease: Lease, n: number): Promise<boolean> {
  const { count } = await (await fetch(`${store}/inventory`)).json() as { count: number };
  if (n === freezeAt) {
    freezeAt = -1; // once
    say(`holds the lock (fencing token ${lease.fencingToken}), read ${count} ... FREEZE-ME`);
    await new Promise((resolve) => setTimeout(resolve, 500));
    // A real process cannot check lease.lost at every instruction: a pause can
    // fall between the check and the write. So we write without checking, and
    // let the store's fencing check catch it.
  } else {
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  const reply = await fetch(`${store}/inventory`, {
    method: 'PUT', body: JSON.stringify({ count: count - 1, token: lease.fencingToken.toString() }),
  });
  if (reply.status === 409) {
    const { error } = await reply.json() as { error: string };
    say(`write of ${count - 1} REFUSED by the store: ${error}`);
    say(`lease.lost says: ${lease.lost.aborted ? (lease.lost.reason as Error).message : 'still held?'}`);
    return false;
  }
  say(`reserved one item with token ${lease.fencingToken}: ${count} -> ${count - 1}`);
  return true;
}

for (let n = 1; n <= reservations; ) {
  const done = await mutex.withLock((lease) => reserveOne(lease, n), { timeoutMs: 60_000 });
  if (done) n++;
  else say('will try that reservation again with a new lease');
}
await client.close();
say('done');
