/**
 * Thrown when a ZooKeeper server process does not come up: it exited, or it
 * did not answer `ruok`/`srvr` as serving within the start timeout. The
 * message ends with the tail of the server's log, which usually says why.
 */
export class ZooKeeperStartError extends Error {
  /** Stable code for programs; the message is for people. */
  readonly code = 'ZOOKEEPER_START_FAILED' as const;
  /** Path of the server log (removed with its temp dir unless it was kept). */
  readonly logFile: string;
  /** The last lines of the server log. */
  readonly logTail: string;

  constructor(reason: string, logFile: string, logTail: string) {
    super(`${reason}\n--- last lines of ${logFile} ---\n${logTail}`);
    this.name = 'ZooKeeperStartError';
    this.logFile = logFile;
    this.logTail = logTail;
  }
}
