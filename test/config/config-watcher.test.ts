import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { ConfigWatcher, InvalidConfigError } from '../../recipes/config/index.js';
import type { ZkClient, ZkClientOptions } from '../../src/index.js';
import { eventually, uniquePath } from '../support/zk.js';
import { zkSuite } from '../support/zk-suite.js';

interface Flags { newCheckout: boolean; limit: number }

/** A zod-style validator without zod: returns the value typed, or throws. */
function parseFlags(v: unknown): Flags {
  const o = v as Partial<Flags> | null;
  if (!o || typeof o !== 'object' || typeof o.newCheckout !== 'boolean' || typeof o.limit !== 'number') {
    throw new TypeError('flags need newCheckout: boolean and limit: number');
  }
  return { newCheckout: o.newCheckout, limit: o.limit };
}

const DEFAULT: Flags = { newCheckout: false, limit: 1 };

describe('ConfigWatcher', () => {
  const suite = zkSuite();
  const open = (options: Partial<ZkClientOptions> = {}): Promise<ZkClient> => suite.open(undefined, options);
  let writer: ZkClient;

  before(async () => {
    writer = await open();
  });


  test('serves the default while the node is missing, and publishes with compare-and-set', async () => {
    const path = uniquePath('cfg');
    await using a = new ConfigWatcher<Flags>(await open(), path, { validate: parseFlags, defaultValue: DEFAULT });
    await using b = new ConfigWatcher<Flags>(await open(), path, { validate: parseFlags, defaultValue: DEFAULT });
    assert.deepEqual(await a.start({ timeoutMs: 10_000 }), DEFAULT);
    await b.start({ timeoutMs: 10_000 });
    assert.equal(a.version, undefined);
    const changes: [Flags, Flags][] = [];
    b.on('change', (value, previous) => changes.push([value, previous]));

    const stat = await a.publish({ newCheckout: true, limit: 5 });
    assert.equal(stat.version, 0);
    // The publisher serves its own write at once; the other watcher gets it by watch.
    assert.deepEqual(a.value, { newCheckout: true, limit: 5 });
    assert.equal(a.version, 0);
    await eventually(() => b.version === 0);
    assert.deepEqual(changes, [[{ newCheckout: true, limit: 5 }, DEFAULT]]);

    // Both at version 0: the first write wins, a write based on version 0 loses.
    await a.publish({ newCheckout: true, limit: 6 });
    await assert.rejects(b.publish({ newCheckout: false, limit: 7 }, { expectedVersion: 0 }), { code: 'BAD_VERSION' });
    await eventually(() => b.version === 1);
    await b.publish({ newCheckout: false, limit: 7 });
    await eventually(() => a.value.limit === 7);
    // -1: whatever is there.
    await b.publish({ newCheckout: false, limit: 8 }, { expectedVersion: -1 });
    await eventually(() => a.version === 3);
    // A version the node never had, or a node deleted meanwhile: a lost race too.
    await assert.rejects(a.publish({ newCheckout: true, limit: 9 }, { expectedVersion: 42 }), { code: 'BAD_VERSION' });
    await writer.delete(path);
    await assert.rejects(a.publish({ newCheckout: true, limit: 9 }, { expectedVersion: 3 }), { code: 'BAD_VERSION' });
    // Deleting the node keeps the last good value.
    await eventually(async () => (await writer.exists(path)) === null);
    assert.deepEqual(b.value, { newCheckout: false, limit: 8 });
  });

  test('an invalid value never replaces the last good one and is reported', async () => {
    const path = uniquePath('cfg');
    await writer.create(path, JSON.stringify({ newCheckout: true, limit: 3 }), { createParents: true });
    await using w = new ConfigWatcher<Flags>(await open(), path, { validate: parseFlags });
    assert.deepEqual(await w.start({ timeoutMs: 10_000 }), { newCheckout: true, limit: 3 });
    const invalid: InvalidConfigError[] = [];
    const raws: string[] = [];
    w.on('invalid', (e, raw) => { invalid.push(e); raws.push(raw.toString()); });
    let changes = 0;
    w.on('change', () => { changes += 1; });

    await writer.setData(path, '{"newCheckout": tru');
    await eventually(() => invalid.length === 1);
    assert.equal(invalid[0].stage, 'decode');
    assert.equal(invalid[0].version, 1);
    assert.equal(raws[0], '{"newCheckout": tru');
    await writer.setData(path, '{"newCheckout": "yes"}');
    await eventually(() => invalid.length === 2);
    assert.equal(invalid[1].stage, 'validate');
    assert.ok(invalid[1].cause instanceof TypeError);
    assert.deepEqual(w.value, { newCheckout: true, limit: 3 });
    assert.equal(w.version, 0);
    assert.equal(changes, 0);

    // A publish of a value the watchers would refuse is refused before writing.
    await assert.rejects(w.publish({ newCheckout: 'no' } as unknown as Flags), (e) => e instanceof InvalidConfigError && e.stage === 'validate');
    assert.equal((await writer.exists(path))?.version, 2);
    // A publish on top of the bad version (the latest seen) repairs it.
    await w.publish({ newCheckout: false, limit: 4 });
    assert.deepEqual(w.value, { newCheckout: false, limit: 4 });
    assert.equal(w.version, 3);
    assert.equal(changes, 1);
  });

  test('without a default, start() waits for a valid value (or times out and closes)', async () => {
    const path = uniquePath('cfg');
    const w = new ConfigWatcher<Flags>(await open(), path, { validate: parseFlags });
    assert.throws(() => w.value, { code: 'NOT_STARTED' });
    const started = w.start({ timeoutMs: 15_000 });
    await writer.create(path, 'not json', { createParents: true });
    await writer.setData(path, JSON.stringify({ newCheckout: true, limit: 9 }));
    assert.deepEqual(await started, { newCheckout: true, limit: 9 });
    // A second start() is a mistake, and leaves the watcher running.
    await assert.rejects(w.start(), { code: 'INVALID_ARGUMENT' });
    assert.equal(w.started, true);
    await w.close();

    const never = new ConfigWatcher<Flags>(await open(), uniquePath('cfg'));
    await assert.rejects(never.start({ timeoutMs: 300 }), { code: 'TIMEOUT' });
    assert.equal(never.started, false);
    await assert.rejects(never.publish(DEFAULT), { code: 'CLOSED' });
  });

  test('changes() yields the current value, then newer ones, and ends on close', async () => {
    const path = uniquePath('cfg');
    await writer.create(path, JSON.stringify({ n: 0 }), { createParents: true });
    const w = new ConfigWatcher<{ n: number }>(await open(), path);
    await w.start({ timeoutMs: 10_000 });
    const seen: number[] = [];
    const done = (async () => {
      for await (const v of w.changes()) {
        seen.push(v.n);
        if (v.n < 3) await writer.setData(path, JSON.stringify({ n: v.n + 1 }));
      }
    })();
    await eventually(() => seen.includes(3));
    await w.close();
    await done;
    assert.deepEqual(seen, [0, 1, 2, 3]);
  });

  test('traces each reload as zk.config.reload with version and outcome', async () => {
    const exporter = new InMemorySpanExporter();
    const tracerProvider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
    const path = uniquePath('cfg');
    await writer.create(path, JSON.stringify(DEFAULT), { createParents: true });
    await using w = new ConfigWatcher<Flags>(await open({ tracerProvider }), path, { validate: parseFlags });
    await w.start({ timeoutMs: 10_000 });
    await writer.setData(path, '[]');
    await eventually(() => exporter.getFinishedSpans().filter((s) => s.name === 'zk.config.reload').length === 2);
    const reloads = exporter.getFinishedSpans().filter((s) => s.name === 'zk.config.reload');
    assert.deepEqual(reloads.map((s) => [s.attributes['zookeeper.config.version'], s.attributes['zookeeper.config.outcome'], s.attributes['zookeeper.config.cause']]),
      [[0, 'valid', 'load'], [1, 'invalid', 'watch']]);
    assert.ok(reloads[1].events.some((e) => e.name === 'exception'));
    await w.publish({ newCheckout: true, limit: 2 });
    const publish = exporter.getFinishedSpans().find((s) => s.name === 'zk.config.publish');
    assert.equal(publish?.attributes['zookeeper.config.version'], 2);
  });
});
