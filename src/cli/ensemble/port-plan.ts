// Read-only use of the testing module's port finder (not exported from its index).
import { freePorts } from '../../testing/free-port.js';
import { UsageError } from '../cli-error.js';

/** Ports of one member. */
export interface MemberPorts {
  clientPort: number;
  peerPort: number;
  electionPort: number;
}

/** Offsets from the base port that give the classic layout for base 2181: 2181+, 2888+, 3888+. */
const PEER_OFFSET = 2888 - 2181;
const ELECTION_OFFSET = 3888 - 2181;

/**
 * Ports for `count` members. With `basePort`, member i (from 0) gets
 * `base+i`, `base+707+i`, `base+1707+i`: for 2181 that is the textbook
 * 2181/2888/3888 layout. Without it, free ports chosen by the kernel.
 */
export async function planPorts(count: number, basePort: number | undefined): Promise<MemberPorts[]> {
  if (basePort === undefined) {
    const ports = await freePorts(3 * count);
    return Array.from({ length: count }, (_, i) => ({ clientPort: ports[3 * i], peerPort: ports[3 * i + 1], electionPort: ports[3 * i + 2] }));
  }
  if (basePort + ELECTION_OFFSET + count - 1 > 65535) {
    throw new UsageError(`ensemble up: --base-port ${basePort} leaves no room for ${count} members (election ports reach ${basePort + ELECTION_OFFSET + count - 1})`);
  }
  return Array.from({ length: count }, (_, i) => ({
    clientPort: basePort + i, peerPort: basePort + PEER_OFFSET + i, electionPort: basePort + ELECTION_OFFSET + i,
  }));
}
