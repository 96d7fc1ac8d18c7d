import type { DetachedServer } from './detached-server.js';
import { probeServer, type ProbedRole, type ServerProbe } from './server-probe.js';
import { renderTable } from '../format/table.js';

/** One member as `ensemble status` reports it. */
export interface MemberStatus extends Omit<ServerProbe, 'role'> {
  id: number;
  /** `stopped` when no process runs; else what `srvr` says. */
  role: ProbedRole | 'stopped';
  type: 'participant' | 'observer';
  pid: number | null;
  clientPort: number;
  peerPort: number;
  electionPort: number;
}

/** Asks every member: its process (pid file) and `srvr`. */
export async function memberStatuses(servers: readonly DetachedServer[]): Promise<MemberStatus[]> {
  return Promise.all(servers.map(async (server) => {
    const pid = await server.pid();
    const probe = pid === undefined ? undefined : await probeServer(server.member.clientPort);
    const { clientPort, peerPort, electionPort, observer } = server.member;
    return {
      id: server.id,
      type: observer ? 'observer' : 'participant',
      pid: pid ?? null,
      clientPort, peerPort, electionPort,
      role: probe?.role ?? 'stopped',
      zxid: probe?.zxid ?? null,
      connections: probe?.connections ?? null,
      latency: probe?.latency ?? null,
      nodeCount: probe?.nodeCount ?? null,
      version: probe?.version ?? null,
    };
  }));
}

/** True when exactly one member leads and every member with a process serves. */
export function hasQuorum(statuses: readonly MemberStatus[]): boolean {
  const leaders = statuses.filter((s) => s.role === 'leader').length;
  const serving = statuses.every((s) => s.role === 'stopped' || s.role === 'leader' || s.role === 'follower' || s.role === 'observer');
  return leaders === 1 && serving;
}

/** The status table: one row per member. */
export function statusTable(statuses: readonly MemberStatus[]): string[] {
  return renderTable(
    ['ID', 'TYPE', 'ROLE', 'PID', 'CLIENT', 'QUORUM/ELECTION', 'ZXID', 'CONNS', 'LATENCY min/avg/max', 'NODES'],
    statuses.map((s) => [
      String(s.id), s.type, s.role, s.pid === null ? '-' : String(s.pid), `127.0.0.1:${s.clientPort}`,
      `${s.peerPort}/${s.electionPort}`, s.zxid ?? '-', s.connections === null ? '-' : String(s.connections),
      s.latency ? `${s.latency.min}/${s.latency.avg}/${s.latency.max}` : '-', s.nodeCount === null ? '-' : String(s.nodeCount),
    ]),
  );
}
