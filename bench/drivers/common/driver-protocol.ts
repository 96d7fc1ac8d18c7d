/**
 * The driver protocol every bench driver speaks (TypeScript, Java, Python):
 *
 *   <driver> --connect <host:port> --workload <name> --n <count> --clients <count>
 *
 * runs one workload once against an empty path of its own, and prints exactly
 * one JSON line ({@link DriverResult}) on stdout; anything else it prints goes
 * to stderr. Exit code 0 also for a workload the driver does not support
 * (`unsupported` set). bench/README.md describes each workload.
 */

/** Server-side counters over the measured phase (`srst` before it, `mntr` after). */
export interface ServerCounters {
  /** Requests received (`zk_packets_received`; includes pings). */
  requests: number;
  /** Read requests (`zk_cnt_readlatency`). */
  reads: number;
  /** Write requests (`zk_cnt_updatelatency`). */
  writes: number;
  /** Watch notifications the server triggered (node created/deleted/changed/children watch counts). */
  notifications: number;
  /** Packets sent: replies and notifications (`zk_packets_sent`). */
  packetsSent: number;
}

/** What a driver prints: one line of JSON. */
export interface DriverResult {
  driver: string;
  workload: string;
  n: number;
  clients: number;
  /** Workload metrics, e.g. `rate_per_s`, `p50_ms`, `violations`. */
  metrics: Record<string, number>;
  /** Operations in the measured phase, to turn `server` into per-operation figures. */
  ops?: number;
  server?: ServerCounters;
  /** Set when the driver has no implementation of the workload (the reason). */
  unsupported?: string;
  /** Set when the run failed (the error text). */
  error?: string;
  notes?: string[];
}

/** The command-line arguments of a driver. */
export interface DriverArgs {
  connect: string;
  workload: string;
  n: number;
  clients: number;
}

/** Parses `--connect --workload --n --clients`. @throws Error on a missing or malformed argument. */
export function parseDriverArgs(argv: readonly string[]): DriverArgs {
  const values = new Map<string, string>();
  for (let i = 0; i < argv.length; i += 2) {
    const key = argv[i];
    const value = argv[i + 1];
    if (!key?.startsWith('--') || value === undefined) throw new Error(`usage: --connect host:port --workload name --n N --clients C (at "${key}")`);
    values.set(key.slice(2), value);
  }
  const connect = values.get('connect');
  const workload = values.get('workload');
  if (!connect || !workload) throw new Error('--connect and --workload are required');
  const int = (name: string, fallback: number): number => {
    const raw = values.get(name);
    if (raw === undefined) return fallback;
    const parsed = Number(raw);
    if (!Number.isInteger(parsed) || parsed < 1) throw new Error(`--${name} must be a positive integer, got ${raw}`);
    return parsed;
  };
  return { connect, workload, n: int('n', 1), clients: int('clients', 1) };
}
