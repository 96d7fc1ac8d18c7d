import { ZkClient, type AuthInfo, type ConnectionState } from '../client/index.js';
import { ZkError } from '../errors/index.js';
import type { ZkLogger } from '../observability/index.js';
import { CliError } from './cli-error.js';

/** How the CLI connects. */
export interface ConnectionSettings {
  /** `host:port[,...][/chroot]`. */
  connect: string;
  /** How long to wait for a connection (and for each operation). */
  timeoutMs: number;
  /** Credentials added to the session (`--auth`). */
  auth: readonly AuthInfo[];
  /** Client logs (`--debug`); silent otherwise. */
  logger?: ZkLogger;
}

/** Session timeout of the CLI's session: long enough to survive a short server failover. */
const SESSION_TIMEOUT_MS = 30_000;

/**
 * The CLI's one ZooKeeper session, opened on first use so that `help` and
 * `ensemble` never connect, and reused by every command of the shell.
 */
export class ZkConnection {
  private current: Promise<ZkClient> | undefined;
  private settings: ConnectionSettings;

  constructor(settings: ConnectionSettings) {
    this.settings = settings;
  }

  /** The connect string in use. */
  get connectString(): string {
    return this.settings.connect;
  }

  /** How long connects and operations may take. */
  get timeoutMs(): number {
    return this.settings.timeoutMs;
  }

  /** The connected client, connecting first if needed. @throws CliError NOT_CONNECTED after the timeout */
  client(): Promise<ZkClient> {
    this.current ??= this.open();
    return this.current;
  }

  /** The state of the session, or `'not connected'` before the first command that needs one. */
  async state(): Promise<ConnectionState | 'not connected'> {
    if (!this.current) return 'not connected';
    try {
      return (await this.current).state;
    } catch {
      return 'not connected';
    }
  }

  private async open(): Promise<ZkClient> {
    const { connect, timeoutMs, auth, logger } = this.settings;
    const client = new ZkClient({
      connect, sessionTimeoutMs: SESSION_TIMEOUT_MS, connectTimeoutMs: timeoutMs, auth,
      ...(logger ? { logger } : {}),
    });
    try {
      await client.connect({ timeoutMs });
      return client;
    } catch (error) {
      this.current = undefined;
      if (error instanceof ZkError && error.code === 'NOT_CONNECTED') {
        throw new CliError(`Cannot connect to ${connect} within ${timeoutMs} ms`, 'NOT_CONNECTED', 1, error);
      }
      throw error;
    }
  }

  /** Closes the current session (if any) and uses `connect` from the next command on. */
  async reconnect(connect: string): Promise<void> {
    await this.close();
    this.settings = { ...this.settings, connect };
  }

  /** Closes the session: its ephemeral nodes go, and the process can exit. */
  async close(): Promise<void> {
    const current = this.current;
    this.current = undefined;
    if (!current) return;
    const client = await current.catch(() => undefined);
    await client?.close();
  }
}
