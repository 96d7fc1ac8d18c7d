import { fourLetterWord } from '../../../src/testing/index.js';
import type { ServerCounters } from './driver-protocol.js';

/** Splits `host:port[,...][/chroot]` into the first host and port. */
function firstServer(connect: string): { host: string; port: number } {
  const first = connect.split('/')[0].split(',')[0];
  const colon = first.lastIndexOf(':');
  return { host: first.slice(0, colon), port: Number(first.slice(colon + 1)) };
}

/** Parses `mntr` output into numbers (non-numeric values are skipped). */
export function parseMntr(text: string): Map<string, number> {
  const values = new Map<string, number>();
  for (const line of text.split('\n')) {
    const [key, value] = line.split('\t');
    if (key && value !== undefined && value.trim() !== '' && !Number.isNaN(Number(value))) values.set(key, Number(value));
  }
  return values;
}

/** The counters {@link ServerCounters} reports, from parsed `mntr`. */
export function countersFrom(mntr: Map<string, number>): ServerCounters {
  const get = (key: string): number => mntr.get(key) ?? 0;
  return {
    requests: get('zk_packets_received'),
    reads: get('zk_cnt_readlatency'),
    writes: get('zk_cnt_updatelatency'),
    notifications: get('zk_sum_node_created_watch_count') + get('zk_sum_node_deleted_watch_count')
      + get('zk_sum_node_changed_watch_count') + get('zk_sum_node_children_watch_count'),
    packetsSent: get('zk_packets_sent'),
  };
}

/**
 * Server statistics over one measured phase: `begin()` resets them (`srst`),
 * `end()` reads them (`mntr`). The bench runs one driver at a time against its
 * own server, so nothing else is counted.
 */
export class ServerStats {
  private readonly host: string;
  private readonly port: number;

  constructor(connect: string) {
    ({ host: this.host, port: this.port } = firstServer(connect));
  }

  async begin(): Promise<void> {
    await fourLetterWord(this.host, this.port, 'srst');
  }

  async end(): Promise<ServerCounters> {
    return countersFrom(parseMntr(await fourLetterWord(this.host, this.port, 'mntr')));
  }
}
