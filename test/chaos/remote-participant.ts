import { fileURLToPath } from 'node:url';
import { ChildChannel } from './child-channel.js';
import type { ParticipantHandle } from './convergence.js';
import type { EventSink } from './events.js';
import type { ParticipantReport, ParticipantSpec } from './participant.js';
import type { BarrierSeat } from './workloads/barrier-workload.js';

const FIXTURE = fileURLToPath(new URL('./fixtures/participant-process.ts', import.meta.url));

/**
 * A participant in its own process (fixtures/participant-process.ts): its
 * events join the runner's history as they arrive; commands go in over stdin.
 * Its timestamps come from the machine's monotonic clock (`clockMs`), the runner's too.
 */
export class RemoteParticipant implements ParticipantHandle {
  readonly id: string;
  #stopped: Promise<void> | undefined;

  private constructor(private readonly channel: ChildChannel, id: string) {
    this.id = id;
  }

  /** Starts the child and resolves once its participant runs. */
  static async start(spec: ParticipantSpec, sink: EventSink, gate?: BarrierSeat['roundGate']): Promise<RemoteParticipant> {
    const channel = new ChildChannel(`participant ${spec.id}`, FIXTURE, [JSON.stringify(spec)], sink, gate);
    await channel.ready();
    return new RemoteParticipant(channel, spec.id);
  }

  async expire(): Promise<void> {
    await this.channel.call('expire');
  }

  async quiesce(): Promise<void> {
    await this.channel.call('quiesce');
  }

  async report(): Promise<ParticipantReport> {
    return (await this.channel.call('report')) as ParticipantReport;
  }

  /** Stops the participant and waits for its process to exit. Idempotent. */
  stop(): Promise<void> {
    this.#stopped ??= this.channel.stop();
    return this.#stopped;
  }
}
