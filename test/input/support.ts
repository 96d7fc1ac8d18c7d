import assert from 'node:assert/strict';
import type { ZkClient } from '../../src/index.js';
import { ZkError } from '../../src/errors/index.js';

/** What a bad call must end with: a ZkError code, or `ABORT` for the standard AbortError. */
export type Expected = ZkError['code'] | 'ABORT';

/** A call that never settles is a hang; this bound only turns a hang into a failure with a name. */
const HANG_MS = 30_000;

function describeError(e: unknown): string {
  if (e instanceof ZkError) return `${e.name} (code ${e.code}): ${e.message}`;
  return e instanceof Error ? `${e.name}: ${e.message}` : String(e);
}

/** Asserts that `e` is the expected typed error. */
export function assertTyped(e: unknown, expected: Expected, what: string): void {
  if (expected === 'ABORT') {
    assert.ok(e instanceof Error && e.name === 'AbortError', `${what}: expected AbortError, got ${describeError(e)}`);
    return;
  }
  assert.ok(e instanceof ZkError, `${what}: expected a ZkError with code ${expected}, got ${describeError(e)}`);
  assert.equal(e.code, expected, `${what}: expected code ${expected}, got ${describeError(e)}`);
}

/**
 * Runs `call` (which may throw synchronously or return a promise) and asserts
 * that it fails with the expected typed error, within a generous bound (a
 * call that never settles is reported as a hang, not left running).
 */
export async function expectFailure(what: string, expected: Expected, call: () => unknown): Promise<void> {
  let outcome: unknown;
  try {
    outcome = call();
  } catch (e) {
    assertTyped(e, expected, what);
    return;
  }
  if (!(outcome instanceof Promise)) assert.fail(`${what}: expected ${expected}, but the call returned ${String(outcome)}`);
  let timer: NodeJS.Timeout | undefined;
  const hang = new Promise<'hang'>((resolve) => { timer = setTimeout(() => resolve('hang'), HANG_MS); });
  try {
    const settled = await Promise.race([outcome.then(() => 'resolved' as const, (e: unknown) => ({ error: e })), hang]);
    if (settled === 'hang') assert.fail(`${what}: did not settle within ${HANG_MS} ms (hang)`);
    if (settled === 'resolved') assert.fail(`${what}: expected ${expected}, but it succeeded`);
    assertTyped(settled.error, expected, what);
  } finally {
    clearTimeout(timer);
  }
}

/** Every path under `root` (inclusive), sorted: what a failed call must leave unchanged. */
export async function tree(client: ZkClient, root: string): Promise<string[]> {
  const out: string[] = [];
  const walk = async (path: string): Promise<void> => {
    let children: string[];
    try {
      ({ children } = await client.getChildren(path));
    } catch (e) {
      if (e instanceof ZkError && e.code === 'NO_NODE') return;
      throw e;
    }
    out.push(path);
    for (const child of children.sort()) await walk(path === '/' ? `/${child}` : `${path}/${child}`);
  };
  await walk(root);
  return out;
}

/**
 * Runs `expectFailure` and then checks that nothing changed under `root`
 * (listed before and after; a background cleanup gets a moment to finish).
 */
export async function expectFailureLeavingNothing(observer: ZkClient, root: string, what: string, expected: Expected, call: () => unknown): Promise<void> {
  const before = await tree(observer, root);
  await expectFailure(what, expected, call);
  // A write sent by the failed call would be applied by now (the observer's sync is ordered after it on the leader).
  await observer.sync(root === '/' ? '/' : root).catch(() => undefined);
  await new Promise((r) => setTimeout(r, 50));
  let after = await tree(observer, root);
  for (let i = 0; i < 40 && after.join() !== before.join(); i++) {
    await new Promise((r) => setTimeout(r, 50));
    after = await tree(observer, root);
  }
  assert.deepEqual(after, before, `${what}: the failed call left nodes behind (or removed some)`);
}

/** An AbortSignal that is already aborted. */
export function abortedSignal(): AbortSignal {
  const controller = new AbortController();
  controller.abort();
  return controller.signal;
}

/** Values that are not valid timeouts. */
export const BAD_TIMEOUTS: readonly unknown[] = [-1, Number.NaN, Number.POSITIVE_INFINITY, '100', -0.5];
