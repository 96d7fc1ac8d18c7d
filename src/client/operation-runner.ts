import { context, trace, type Span } from '@opentelemetry/api';
import pRetry, { AbortError as RetryAbort } from 'p-retry';
import { SessionExpiredError, ZkError } from '../errors/index.js';
import { Attr } from '../observability/attributes.js';
import type { Instrumentation } from '../observability/instrumentation.js';
import { logEvent, type ZkLogger } from '../observability/logger.js';
import { Deadline, sleep, type CallOptions } from './deadline.js';
import type { ResolvedOptions } from './options.js';
import type { ActiveSession, SessionManager } from './session-manager.js';

/** Errors that are answers the caller usually expects (or a shutdown under way); logged at debug, not error. */
const EXPECTED = new Set(['NO_NODE', 'NODE_EXISTS', 'BAD_VERSION', 'NOT_EMPTY', 'CLOSED']);

/** One attempt of an operation on a connected session. */
export type Attempt<T> = (session: ActiveSession, attemptNumber: number) => Promise<T>;

/** What one run of an operation carries from attempt to attempt. */
interface RunState {
  readonly op: string;
  readonly path: string | undefined;
  readonly deadline: Deadline;
  readonly span: Span;
  /** The session of the first attempt: a retry on another one fails with SESSION_EXPIRED. */
  generation: number | undefined;
}

/**
 * Runs every ZooKeeper operation the same way: inside its span, within the
 * caller's deadline, on a connected session, and retried (p-retry, exponential
 * backoff) only for connection loss and operation timeouts, and never across a
 * session change: a retry that would land on a new session fails with
 * SESSION_EXPIRED instead, because what the first attempt did (an ephemeral
 * node, a watch) belongs to the old one.
 *
 * The first attempt runs outside p-retry, and without waiting when the client
 * is connected: nearly every call succeeds at once, and for those the retry
 * machinery (a retry operation, timers, abort listeners) would be most of the
 * client's own CPU per request. Only a retryable failure starts p-retry, for
 * the remaining attempts, on the same backoff schedule as if it had run them all.
 */
export class OperationRunner {
  private readonly serverAddress: string;

  constructor(
    private readonly options: ResolvedOptions,
    private readonly sessions: SessionManager,
    private readonly instrumentation: Instrumentation,
    private readonly logger: ZkLogger,
  ) {
    this.serverAddress = options.parsed.hosts.map((h) => h.host).join(',');
  }

  run<T>(op: string, path: string | undefined, call: CallOptions | undefined, attempt: Attempt<T>): Promise<T> {
    const deadline = new Deadline(call, op);
    return this.instrumentation.operation(op, this.serverAddress, path, async (span) => {
      const state: RunState = { op, path, deadline, span, generation: undefined };
      const startedAt = Date.now();
      try {
        try {
          const session = this.sessions.connectedSession() ?? await this.sessions.waitForConnected(deadline.signal, op);
          return await this.attemptOn(state, session, attempt, 1);
        } catch (e) {
          if (!this.shouldRetry(e, deadline) || this.options.retry.retries === 0) throw e;
          return await this.retry(state, attempt, e as ZkError, startedAt);
        }
      } catch (e) {
        this.inSpan(span, () => this.logFailure(op, path, e));
        throw e;
      } finally {
        deadline.dispose();
      }
    });
  }

  /** Attempts 2 and later, after the first failed with `first` (retryable). */
  private async retry<T>(state: RunState, attempt: Attempt<T>, first: ZkError, startedAt: number): Promise<T> {
    const { retries, minDelayMs, maxDelayMs, maxElapsedMs } = this.options.retry;
    const { op, deadline } = state;
    this.onFailedAttempt(state, first, 1);
    const elapsedMs = (): number => Date.now() - startedAt;
    if (elapsedMs() >= maxElapsedMs) throw first;
    // The delay p-retry would have waited after attempt 1; from attempt 2 on it
    // runs the schedule itself, starting one step further (minTimeout × factor).
    await sleep(Math.min(maxDelayMs, Math.round((1 + Math.random()) * minDelayMs)), deadline.signal);
    return pRetry(async (n) => {
      const session = await this.sessions.waitForConnected(deadline.signal, op);
      if (state.generation !== undefined && session.generation !== state.generation) {
        throw new RetryAbort(new SessionExpiredError({ op, ...(state.path === undefined ? {} : { path: state.path }) }));
      }
      return this.attemptOn(state, session, attempt, n + 1);
    }, {
      retries: retries - 1,
      minTimeout: minDelayMs * 2,
      maxTimeout: maxDelayMs,
      factor: 2,
      randomize: true,
      maxRetryTime: Math.max(0, maxElapsedMs - elapsedMs()),
      signal: deadline.signal,
      shouldRetry: (e) => this.shouldRetry(e, deadline),
      onFailedAttempt: (e) => { if (e instanceof ZkError && this.shouldRetry(e, deadline)) this.onFailedAttempt(state, e, e.attemptNumber + 1); },
    });
  }

  private async attemptOn<T>(state: RunState, session: ActiveSession, attempt: Attempt<T>, attemptNumber: number): Promise<T> {
    // Nothing may be sent for a call that has already given up.
    state.deadline.throwIfAborted();
    state.generation = session.generation;
    state.span.setAttribute(Attr.SESSION_ID, session.sessionId);
    try {
      return await state.deadline.race(attempt(session, attemptNumber));
    } catch (e) {
      if (e instanceof ZkError && e.code === 'CONNECTION_LOSS') this.sessions.connectionLost(session.generation);
      throw e;
    }
  }

  private shouldRetry(e: unknown, deadline: Deadline): boolean {
    return e instanceof ZkError && e.retryable && e.code !== 'NOT_CONNECTED' && !deadline.aborted;
  }

  private onFailedAttempt(state: RunState, e: ZkError, attemptNumber: number): void {
    const { op, path, span } = state;
    this.instrumentation.retried(op);
    span.addEvent('retry', { [Attr.RETRY_ATTEMPT]: attemptNumber, [Attr.ERROR_TYPE]: e.code });
    this.inSpan(span, () => logEvent(this.logger, 'warn', `Retrying ZooKeeper ${op} after ${e.code}`, 'zookeeper.retry', {
      zookeeper: { path, session_id: this.sessions.currentSessionId, attempt: attemptNumber },
      error: { type: e.code, message: e.message },
    }));
  }

  /** Runs `fn` with the operation's span active, so that its log lines carry the span's trace and span ids. */
  private inSpan(span: Span, fn: () => void): void {
    if (span.isRecording()) context.with(trace.setSpan(context.active(), span), fn);
    else fn();
  }

  private logFailure(op: string, path: string | undefined, e: unknown): void {
    const code = e instanceof ZkError ? e.code : (e as Error)?.name;
    const level = e instanceof ZkError && EXPECTED.has(e.code) ? 'debug' : 'error';
    logEvent(this.logger, level, `ZooKeeper ${op} failed: ${code}`, `zookeeper.${op}`, {
      zookeeper: { path, session_id: this.sessions.currentSessionId },
      error: { type: code, message: (e as Error)?.message },
    }, 'failure');
  }
}
