import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/** One member of an ensemble, as every member's zoo.cfg lists it. */
export interface PeerSpec {
  readonly id: number;
  readonly peerPort: number;
  readonly electionPort: number;
  readonly observer: boolean;
}

/** What goes into one server's zoo.cfg. */
export interface ZooCfgSpec {
  readonly tickTimeMs: number;
  readonly dataDir: string;
  readonly clientPort: number;
  /** Ensemble members; absent or empty for a standalone server. */
  readonly peers?: readonly PeerSpec[];
  /** This server is an observer (needs `peerType=observer` in its own file). */
  readonly observer?: boolean;
  /** `forceSync=yes` (fsync every write, ZooKeeper's default); default false. */
  readonly forceSync?: boolean;
}

/** The biggest session timeout a client may ask for, in ms. */
export function maxSessionTimeoutMs(tickTimeMs: number): number {
  // ZooKeeper caps sessions at 20 ticks by default: 10 s with our short
  // ticks, which would silently shorten the timeouts that tests ask for.
  return Math.max(20 * tickTimeMs, 60_000);
}

/** Renders zoo.cfg text. Everything listens on 127.0.0.1 only. */
export function renderZooCfg(spec: ZooCfgSpec): string {
  const lines = [
    `tickTime=${spec.tickTimeMs}`,
    'initLimit=10',
    'syncLimit=5',
    `dataDir=${spec.dataDir}`,
    `clientPort=${spec.clientPort}`,
    'clientPortAddress=127.0.0.1',
    `maxSessionTimeout=${maxSessionTimeoutMs(spec.tickTimeMs)}`,
    // Tests open many connections from one address; the default limit is 60.
    'maxClientCnxns=0',
    // The admin server would take port 8080; the 4lw commands are how the
    // helpers (and tests) ask for state, so allow all of them.
    'admin.enableServer=false',
    '4lw.commands.whitelist=*',
    // A test server's data need not survive a machine crash, only a process
    // crash (the page cache keeps it); skipping fsync makes writes fast.
    `forceSync=${spec.forceSync ? 'yes' : 'no'}`,
    // The default 64 MB txn-log preallocation is wasted on test data.
    'preAllocSize=1024',
  ];
  if (spec.peers && spec.peers.length > 0) {
    lines.push('quorumListenOnAllIPs=false');
    for (const peer of spec.peers) {
      const role = peer.observer ? ':observer' : '';
      lines.push(`server.${peer.id}=127.0.0.1:${peer.peerPort}:${peer.electionPort}${role}`);
    }
    if (spec.observer) lines.push('peerType=observer');
  }
  return `${lines.join('\n')}\n`;
}

const LOG4J_PROPERTIES = `# Written by zk-recipes/testing: everything to stdout, which goes to the log file.
log4j.rootLogger=INFO, CONSOLE
log4j.appender.CONSOLE=org.apache.log4j.ConsoleAppender
log4j.appender.CONSOLE.layout=org.apache.log4j.PatternLayout
log4j.appender.CONSOLE.layout.ConversionPattern=%d{ISO8601} - %-5p [%t:%C{1}@%L] - %m%n
`;

const LOGBACK_XML = `<!-- Written by zk-recipes/testing: everything to stdout, which goes to the log file. -->
<configuration>
  <appender name="CONSOLE" class="ch.qos.logback.core.ConsoleAppender">
    <encoder><pattern>%d{ISO8601} - %-5p [%t:%C{1}@%L] - %m%n</pattern></encoder>
  </appender>
  <root level="INFO"><appender-ref ref="CONSOLE"/></root>
</configuration>
`;

/**
 * Writes the logging configuration into `dir`, which goes first on the class
 * path so that it wins over the installation's own. Both flavours are written
 * because the Debian server logs through log4j 1.2 and an Apache 3.8 release
 * (ZOOKEEPER_HOME) through logback. They send the log to stdout, which the
 * process runner redirects to a file: one file then holds the server log and
 * anything the JVM itself prints, never the test output.
 */
export async function writeLoggingConfig(dir: string): Promise<void> {
  await writeFile(join(dir, 'log4j.properties'), LOG4J_PROPERTIES);
  await writeFile(join(dir, 'logback.xml'), LOGBACK_XML);
}
