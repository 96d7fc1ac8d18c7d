/**
 * One instance of the cron service: it takes part in the election on
 * /examples/leader-cron and, only while it is the leader, runs the job once a
 * second. Each run carries the leadership's epoch, which a real job would
 * hand to whatever it writes (a fencing token).
 *
 *   ZK_CONNECT=... tsx instance.ts <name>
 *
 * SIGTERM: leaves the election gracefully (another instance takes over at
 * once). SIGKILL (a crash): its session expires after 3 s, then another
 * instance takes over.
 */
import { LeaderElection, sleep, ZkClient } from '../../src/index.js';

const [name] = process.argv.slice(2);
const say = (line: string): void => console.log(`[${name}] ${line}`);

const client = new ZkClient({ connect: process.env.ZK_CONNECT!, sessionTimeoutMs: 3000 });
await client.connect();

const election = new LeaderElection(client, '/examples/leader-cron', {
  participantId: name,
  autoRequeue: true, // after a term ends, queue again
  lead: async (signal, { epoch }) => {
    say(`LEADER now (epoch ${epoch}); running the job every second`);
    for (let run = 1; !signal.aborted; run++) {
      say(`job run #${run} (epoch ${epoch}) at ${new Date().toISOString().slice(11, 19)}`);
      await sleep(1000, signal).catch(() => undefined);
    }
    say(`stops the job: ${(signal.reason as Error).message}`);
  },
});
election.start();
say('started; following the leader');

process.once('SIGTERM', () => {
  say('shutting down: leaving the election');
  void election.close().then(() => client.close()).then(() => say('stopped'));
});
