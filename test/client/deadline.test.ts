import assert from 'node:assert/strict';
import { getEventListeners } from 'node:events';
import { describe, test } from 'node:test';
import { Deadline, sleep } from '../../src/client/index.js';
import { TimeoutError } from '../../src/errors/index.js';
import { zkSuite } from '../support/zk-suite.js';

/** Collects process warnings while `fn` runs. */
async function warningsDuring(fn: () => Promise<void>): Promise<string[]> {
  const seen: string[] = [];
  const onWarning = (w: Error): void => { seen.push(`${w.name}: ${w.message}`); };
  process.on('warning', onWarning);
  try {
    await fn();
    await new Promise((r) => setImmediate(r)); // warnings are emitted on the next tick
  } finally {
    process.off('warning', onWarning);
  }
  return seen;
}

describe('Deadline', () => {
  test('without timeout or signal it never aborts and race returns the promise itself', () => {
    const deadline = new Deadline({});
    const p = Promise.resolve(1);
    assert.equal(deadline.race(p), p);
    assert.equal(deadline.aborted, false);
    deadline.throwIfAborted();
    assert.equal(deadline.signal.aborted, false);
    deadline.dispose();
  });

  test('a caller signal aborts it with the signal\'s reason, also when aborted before', async () => {
    const controller = new AbortController();
    const deadline = new Deadline({ signal: controller.signal });
    const pending = deadline.race(new Promise(() => {}));
    controller.abort(new Error('stop'));
    await assert.rejects(pending, /stop/);
    assert.throws(() => deadline.throwIfAborted(), /stop/);
    const already = new Deadline({ signal: controller.signal, timeoutMs: 1000 });
    assert.equal(already.aborted, true);
    assert.throws(() => already.throwIfAborted(), /stop/);
    deadline.dispose();
    already.dispose();
  });

  test('time running out aborts it with TimeoutError, or the error the recipe makes', async () => {
    const plain = new Deadline({ timeoutMs: 5 }, 'op');
    await assert.rejects(plain.race(new Promise(() => {})), (e) => e instanceof TimeoutError);
    const custom = new Deadline({ timeoutMs: 5, signal: new AbortController().signal }, 'op', () => new Error('lock timeout'));
    await assert.rejects(custom.race(new Promise(() => {})), /lock timeout/);
    plain.dispose();
    custom.dispose();
  });

  test('many deadlines and sleeps on one caller signal add one listener to it, none once disposed', async () => {
    const controller = new AbortController();
    const warnings = await warningsDuring(async () => {
      const deadlines = Array.from({ length: 50 }, (_, i) => new Deadline({ signal: controller.signal, ...(i % 2 ? { timeoutMs: 60_000 } : {}) }));
      const races = deadlines.map((d) => d.race(new Promise(() => {})));
      const sleeps = Array.from({ length: 20 }, () => sleep(60_000, controller.signal));
      assert.ok(getEventListeners(controller.signal, 'abort').length <= 1);
      controller.abort(new Error('all of them'));
      for (const r of [...races, ...sleeps]) await assert.rejects(r, /all of them/);
      for (const d of deadlines) d.dispose();
    });
    assert.deepEqual(warnings, []);
    const other = new AbortController();
    const done = Array.from({ length: 30 }, () => new Deadline({ signal: other.signal, timeoutMs: 60_000 }));
    for (const d of done) await d.race(Promise.resolve());
    for (const d of done) d.dispose();
    assert.ok(getEventListeners(other.signal, 'abort').length <= 1);
  });
});

describe('operations under one caller signal', () => {
  const zk = zkSuite();

  test('100 concurrent calls with one signal: no listener warning, one listener at most, all abort together', async () => {
    const client = await zk.open();
    const controller = new AbortController();
    const warnings = await warningsDuring(async () => {
      await Promise.all(Array.from({ length: 100 }, () => client.exists('/zookeeper', { signal: controller.signal })));
      assert.ok(getEventListeners(controller.signal, 'abort').length <= 1);
      const inFlight = Array.from({ length: 100 }, () => client.exists('/zookeeper', { signal: controller.signal, timeoutMs: 60_000 }));
      controller.abort(new Error('caller gave up'));
      const settled = await Promise.allSettled(inFlight);
      // A reply that was already in may win the race; none may fail otherwise.
      for (const s of settled) if (s.status === 'rejected') assert.match(String(s.reason), /caller gave up/);
    });
    assert.deepEqual(warnings, []);
  });
});
