import pRetry, { AbortError as RetryAbort } from 'p-retry';
import { SessionExpiredError, ZkError } from '../errors/index.js';
import { Attr } from '../observability/attributes.js';
import type { Instrumentation } from '../observability/instrumentation.js';
import { logEvent, type ZkLogger } from '../observability/logger.js';
import { Deadline, type CallOptions } from './deadline.js';
import type { ResolvedOptions } from './options.js';
import type { ActiveSession, SessionManager } from './session-manager.js';

/** Errors that are answers the caller usually expects (or a shutdown under way); logged at debug, not error. */
const EXPECTED = new Set(['NO_NODE', 'NODE_EXISTS', 'BAD_VERSION', 'NOT_EMPTY', 'CLOSED']);

/**
 * Runs every ZooKeeper operation the same way: inside its span, within the
 * caller's deadline, on a connected session, and retried (p-retry, exponential
 * backoff) only for connection loss and operation timeouts, and never across a
 * session change: a retry that would land on a new session fails with
 * SESSION_EXPIRED instead, because what the first attempt did (an ephemeral
 * node, a watch) belongs to the old one.
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

  run<T>(op: string, path: string | undefined, call: CallOptions | undefined, attempt: (session: ActiveSession, attemptNumber: number) => Promise<T>): Promise<T> {
    const deadline = new Deadline(call, op);
    const attributes = { [Attr.SERVER_ADDRESS]: this.serverAddress, ...(path === undefined ? {} : { [Attr.PATH]: path }) };
    return this.instrumentation.operation(op, attributes, async (span) => {
      let boundGeneration: number | undefined;
      const { retries, minDelayMs, maxDelayMs, maxElapsedMs } = this.options.retry;
      try {
        return await pRetry(async (attemptNumber) => {
          const session = await this.sessions.waitForConnected(deadline.signal, op);
          // p-retry runs the first attempt even when its signal is already aborted:
          // nothing may be sent for a call that has already given up.
          deadline.throwIfAborted();
          if (boundGeneration !== undefined && session.generation !== boundGeneration) {
            throw new RetryAbort(new SessionExpiredError({ op, ...(path === undefined ? {} : { path }) }));
          }
          boundGeneration = session.generation;
          span.setAttribute(Attr.SESSION_ID, session.sessionId);
          try {
            return await deadline.race(attempt(session, attemptNumber));
          } catch (e) {
            if (e instanceof ZkError && e.code === 'CONNECTION_LOSS') this.sessions.connectionLost(session.generation);
            throw e;
          }
        }, {
          retries,
          minTimeout: minDelayMs,
          maxTimeout: maxDelayMs,
          factor: 2,
          randomize: true,
          maxRetryTime: maxElapsedMs,
          signal: deadline.signal,
          shouldRetry: (e) => e instanceof ZkError && e.retryable && e.code !== 'NOT_CONNECTED' && !deadline.aborted,
          onFailedAttempt: (e) => {
            if (!(e instanceof ZkError && e.retryable) || deadline.aborted) return;
            this.instrumentation.retried(op);
            span.addEvent('retry', { [Attr.RETRY_ATTEMPT]: e.attemptNumber, [Attr.ERROR_TYPE]: e.code });
            logEvent(this.logger, 'warn', `Retrying ZooKeeper ${op} after ${e.code}`, 'zookeeper.retry', {
              zookeeper: { path, session_id: this.sessions.currentSessionId, attempt: e.attemptNumber },
              error: { type: e.code, message: e.message },
            });
          },
        });
      } catch (e) {
        this.logFailure(op, path, e);
        throw e;
      } finally {
        deadline.dispose();
      }
    });
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
