import { ClosedError, NotConnectedError } from '../errors/index.js';
import type { Instrumentation } from '../observability/instrumentation.js';
import { logEvent, type ZkLogger } from '../observability/logger.js';
import type { DriverOptions, DriverSessionEvent, ZkDriver } from '../zk/driver.js';
import type { AuthInfo } from './acl.js';
import type { ResolvedOptions } from './options.js';
import type { ConnectionState, StateChange } from './types.js';

/** The handle an operation runs on, and which session it belongs to. */
export interface ActiveSession {
  driver: ZkDriver;
  /** Increases with every new native handle (= every new session). */
  generation: number;
  sessionId: string;
}

export type DriverFactory = (options: DriverOptions) => ZkDriver;

/**
 * The connection state machine, with Curator 5's meanings:
 * `connecting` → `connected`; a dropped connection → `suspended`; the server
 * expiring the session, or the negotiated session timeout passing while
 * suspended (Curator's simulated expiry) → `lost`, after which a new handle (a
 * new session) is opened and `connected` follows with `newSession: true`.
 */
export class SessionManager {
  state: ConnectionState = 'connecting';
  private driver: ZkDriver | undefined;
  private generation = 0;
  /** Set by close(): events of the handle being closed are not news any more. */
  private closingHandle = false;
  private sessionId: string | null = null;
  private lastConnectedSession: string | null = null;
  private suspendTimer: NodeJS.Timeout | undefined;
  private readonly waiters = new Set<() => void>();
  private readonly auth: AuthInfo[];

  constructor(
    private readonly options: ResolvedOptions,
    private readonly createDriver: DriverFactory,
    private readonly instrumentation: Instrumentation,
    private readonly logger: ZkLogger,
    private readonly onChange: (change: StateChange) => void,
  ) {
    this.auth = [...options.auth];
  }

  get currentSessionId(): string | null {
    return this.sessionId;
  }

  get negotiatedTimeoutMs(): number {
    return this.driver?.negotiatedTimeoutMs || this.options.sessionTimeoutMs;
  }

  /** The session credentials, for tests that expire a session (`expireSession`). */
  get credentials(): { id: string; password: string } | undefined {
    if (this.state !== 'connected' || !this.driver) return undefined;
    return { id: this.driver.sessionId, password: this.driver.sessionPassword };
  }

  /** Opens the first handle. */
  start(): void {
    if (this.driver || this.state === 'closed') return;
    this.open();
  }

  private open(): void {
    const generation = ++this.generation;
    this.driver = this.createDriver({
      connect: this.options.connect,
      sessionTimeoutMs: this.options.sessionTimeoutMs,
      nativeLogLevel: this.options.nativeLogLevel,
      onSessionEvent: (event) => this.onDriverEvent(generation, event),
    });
    // The C client keeps these and sends them first on every (re)connection of this handle.
    for (const a of this.auth) this.sendAuth(this.driver, a);
  }

  private sendAuth(driver: ZkDriver, a: AuthInfo): void {
    driver.addAuth(a.scheme, a.credentials).catch((e: unknown) => {
      logEvent(this.logger, 'error', `addAuth ${a.scheme} failed`, 'zookeeper.auth', { error: e }, 'failure');
    });
  }

  /** Remembers credentials for future sessions and adds them to the current one. */
  rememberAuth(a: AuthInfo): void {
    this.auth.push(a);
  }

  private onDriverEvent(generation: number, event: DriverSessionEvent): void {
    if (generation !== this.generation || this.state === 'closed' || this.closingHandle) return;
    switch (event.type) {
      case 'connected': {
        const driver = this.driver!;
        this.clearSuspendTimer();
        this.sessionId = driver.sessionId;
        const newSession = this.sessionId !== this.lastConnectedSession;
        this.lastConnectedSession = this.sessionId;
        this.transition('connected', newSession);
        break;
      }
      case 'disconnected':
        if (this.state === 'connected') {
          this.transition('suspended', false);
          // Curator 5: once a whole session timeout has passed while suspended, the
          // session must be presumed expired by the server; say so without waiting
          // to hear it (the server may be unreachable for much longer).
          this.suspendTimer = setTimeout(() => this.lose('suspended longer than the session timeout'), this.negotiatedTimeoutMs);
        }
        break;
      case 'expired':
        this.lose('expired by the server');
        break;
      case 'authFailed':
        logEvent(this.logger, 'error', 'ZooKeeper authentication failed', 'zookeeper.auth', {}, 'failure');
        this.lose('authentication failed');
        break;
      case 'closed':
        break;
    }
  }

  /**
   * An operation of `generation` failed with connection loss. The C client does not
   * always report the disconnect (not when a request was in flight as the socket
   * broke), so, like Curator (`codeToState`), the loss itself means `suspended`,
   * unless the handle has already reconnected.
   */
  connectionLost(generation: number): void {
    if (generation !== this.generation || this.state !== 'connected' || this.driver?.connected) return;
    this.onDriverEvent(generation, { type: 'disconnected' });
  }

  /** The session is gone: report `lost` and open a new handle for a new session. */
  private lose(reason: string): void {
    this.clearSuspendTimer();
    const old = this.driver;
    this.instrumentation.sessionLost();
    logEvent(this.logger, 'warn', `ZooKeeper session lost: ${reason}`, 'zookeeper.session_lost', {
      zookeeper: { session_id: this.sessionId, reason },
    });
    // Retire the old handle's generation first, so nothing it reports (its own
    // close included) can reach this state machine again.
    this.generation++;
    this.transition('lost', false);
    old?.close('expired');
    this.sessionId = null;
    if (this.state === 'lost') this.open();
  }

  private transition(state: ConnectionState, newSession: boolean): void {
    const previous = this.state;
    if (previous === state) return;
    this.state = state;
    this.instrumentation.stateChanged(state);
    const change: StateChange = { state, previous, sessionId: this.sessionId, newSession };
    logEvent(this.logger, state === 'lost' ? 'warn' : 'info', `ZooKeeper connection ${previous} -> ${state}`, 'zookeeper.state_change', {
      zookeeper: { state, previous_state: previous, session_id: this.sessionId, new_session: newSession },
    });
    for (const wake of [...this.waiters]) wake();
    this.waiters.clear();
    this.onChange(change);
  }

  /** Resolves on the next state change, or rejects when `signal` aborts. */
  nextChange(signal?: AbortSignal): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      if (signal?.aborted) { reject(signal.reason as Error); return; }
      const onAbort = (): void => { this.waiters.delete(wake); reject(signal!.reason as Error); };
      const wake = (): void => { signal?.removeEventListener('abort', onAbort); resolve(); };
      this.waiters.add(wake);
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  }

  /**
   * The connected session, waiting for one if needed: at most `connectTimeoutMs`
   * (`NotConnectedError`), or until `signal` aborts.
   */
  async waitForConnected(signal: AbortSignal | undefined, op?: string, limitMs: number = this.options.connectTimeoutMs): Promise<ActiveSession> {
    return this.connectedSession() ?? this.waitForConnection(signal, op, limitMs);
  }

  /** The session if connected right now (no waiting, no promise), else `undefined`. */
  connectedSession(): ActiveSession | undefined {
    return this.state === 'connected' ? this.active() : undefined;
  }

  private async waitForConnection(signal: AbortSignal | undefined, op: string | undefined, limitMs: number): Promise<ActiveSession> {
    const limit = AbortSignal.timeout(limitMs);
    const combined = signal ? AbortSignal.any([signal, limit]) : limit;
    for (;;) {
      const state: ConnectionState = this.state;
      if (state === 'connected') return this.active();
      if (state === 'closed') throw new ClosedError(op === undefined ? {} : { op });
      try {
        await this.nextChange(combined);
      } catch (e) {
        if (signal?.aborted) throw signal.reason;
        if (limit.aborted) {
          throw new NotConnectedError(`Not connected to ZooKeeper within ${limitMs} ms`, op === undefined ? {} : { op });
        }
        throw e;
      }
    }
  }

  private active(): ActiveSession {
    return { driver: this.driver!, generation: this.generation, sessionId: this.sessionId! };
  }

  /** The current generation, to tell whether a session changed under a caller. */
  get currentGeneration(): number {
    return this.generation;
  }

  /** Closes the handle; resolves once its session is really closed. */
  close(): Promise<void> {
    if (this.state === 'closed') return Promise.resolve();
    this.clearSuspendTimer();
    const driver = this.driver;
    this.driver = undefined;
    // The handle first (the server ends the session and tells the others at once),
    // then everyone listening here; what the closing handle reports is ignored.
    this.closingHandle = true;
    driver?.close('closed', true);
    this.transition('closed', false);
    return driver ? driver.whenClosed() : Promise.resolve();
  }

  private clearSuspendTimer(): void {
    if (this.suspendTimer) clearTimeout(this.suspendTimer);
    this.suspendTimer = undefined;
  }
}
