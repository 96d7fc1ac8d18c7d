import { fourLetterWord } from '../../testing/index.js';

/** A member's role as `srvr` reports it, `not serving` while it has no quorum, `down` when it does not answer. */
export type ProbedRole = 'leader' | 'follower' | 'observer' | 'standalone' | 'not serving' | 'down';

/** What `srvr` says about one server. */
export interface ServerProbe {
  role: ProbedRole;
  zxid: string | null;
  connections: number | null;
  latency: { min: number; avg: number; max: number } | null;
  nodeCount: number | null;
  version: string | null;
}

function field(text: string, name: string): string | undefined {
  return new RegExp(`^${name}: (.*)$`, 'm').exec(text)?.[1]?.trim();
}

function toNumber(text: string | undefined): number | null {
  if (text === undefined) return null;
  const n = Number(text);
  return Number.isFinite(n) ? n : null;
}

/** Parses a `srvr` reply (Mode, Zxid, Connections, Latency min/avg/max, Node count). */
export function parseSrvr(text: string): ServerProbe {
  const mode = field(text, 'Mode');
  const role: ProbedRole = mode === 'leader' || mode === 'follower' || mode === 'observer' || mode === 'standalone' ? mode : 'not serving';
  const latency = field(text, 'Latency min/avg/max')?.split('/').map(Number);
  return {
    role,
    zxid: field(text, 'Zxid') ?? null,
    connections: toNumber(field(text, 'Connections')),
    latency: latency && latency.length === 3 && latency.every(Number.isFinite) ? { min: latency[0], avg: latency[1], max: latency[2] } : null,
    nodeCount: toNumber(field(text, 'Node count')),
    version: field(text, 'Zookeeper version')?.split(',')[0] ?? null,
  };
}

/** Asks the server on 127.0.0.1:`port` with `srvr`; `down` if it does not answer within a second. */
export async function probeServer(port: number): Promise<ServerProbe> {
  try {
    return parseSrvr(await fourLetterWord('127.0.0.1', port, 'srvr', { timeoutMs: 1_000 }));
  } catch {
    return { role: 'down', zxid: null, connections: null, latency: null, nodeCount: null, version: null };
  }
}
