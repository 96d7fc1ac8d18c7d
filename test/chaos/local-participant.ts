import type { ParticipantHandle } from './convergence.js';
import type { EventSink } from './events.js';
import { Participant, type ParticipantReport, type ParticipantSpec } from './participant.js';
import type { BarrierSeat } from './workloads/barrier-workload.js';

/** A participant in the runner's own process (it shares the runner's clock). */
export class LocalParticipant implements ParticipantHandle {
  readonly id: string;
  private constructor(private readonly participant: Participant) {
    this.id = participant.id;
  }

  static async start(spec: ParticipantSpec, sink: EventSink, gate?: BarrierSeat['roundGate']): Promise<LocalParticipant> {
    const participant = new Participant(spec, sink, gate);
    try {
      await participant.start();
    } catch (e) {
      await participant.stop();
      throw e;
    }
    return new LocalParticipant(participant);
  }

  expire(): Promise<void> {
    return this.participant.expire();
  }

  quiesce(): Promise<void> {
    return this.participant.quiesce();
  }

  report(): Promise<ParticipantReport> {
    return Promise.resolve(this.participant.report());
  }

  stop(): Promise<void> {
    return this.participant.stop();
  }
}
