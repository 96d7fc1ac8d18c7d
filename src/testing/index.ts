/**
 * zk-recipes/testing: real ZooKeeper servers, ensembles and network faults
 * for tests and demos. Needs Java and a ZooKeeper 3.8 installation (the
 * Debian `zookeeper` package, or ZOOKEEPER_HOME); see docs/testing.md.
 */
export { TestingServer, type TestingServerOptions } from './testing-server.js';
export { TestingCluster, type TestingClusterOptions, type ClusterWaitOptions } from './testing-cluster.js';
export { ClusterMember, type MemberRole } from './cluster-member.js';
export { FaultProxy, type FaultProxyOptions, type FaultMode } from './fault-proxy.js';
export {
  ZooKeeperNotInstalledError,
  locateZooKeeper,
  type MissingComponent,
  type ZooKeeperInstall,
} from './zookeeper-install.js';
export { ZooKeeperStartError } from './start-error.js';
export { fourLetterWord, type FourLetterWordOptions } from './four-letter-word.js';
export { expireSession } from './expire-session.js';
export type { ExpireSessionOptions } from './expire-session.js';
