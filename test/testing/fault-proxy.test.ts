import assert from 'node:assert/strict';
import { connect } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { FaultProxy } from '../../src/testing/index.js';
import { connectClient, sleep, startEchoServer, until } from './helpers.js';

/** How long "nothing arrives" is watched for. */
const QUIET_MS = 300;

void describe('FaultProxy', () => {
  let echo: Awaited<ReturnType<typeof startEchoServer>>;
  let proxy: FaultProxy;

  before(async () => {
    echo = await startEchoServer();
    proxy = await FaultProxy.start({ target: `127.0.0.1:${echo.port}` });
  });

  after(async () => {
    await proxy.close();
    await echo.close();
  });

  void test('forwards bytes both ways on 127.0.0.1', async () => {
    assert.match(proxy.connectString, /^127\.0\.0\.1:\d+$/);
    assert.equal(proxy.mode, 'normal');
    const client = await connectClient(proxy.port);
    client.socket.write('hello');
    await client.waitFor('hello');
    client.socket.write(' world');
    assert.equal(await client.waitFor('hello world'), 'hello world');
    assert.equal(proxy.connections, 1);
    client.socket.destroy();
    await client.closed;
    await until(() => proxy.connections === 0, 'the proxy to forget a closed connection');
  });

  void test('cut closes open connections and resets new ones until restore', async () => {
    const open = await connectClient(proxy.port);
    open.socket.write('a');
    await open.waitFor('a');
    proxy.cut();
    assert.equal(proxy.mode, 'cut');
    await open.closed;
    assert.equal(proxy.connections, 0);

    // A new connection is accepted by the kernel, then reset at once; nothing echoes.
    const refused = connect({ host: '127.0.0.1', port: proxy.port });
    let echoed = '';
    refused.on('data', (chunk: Buffer) => (echoed += chunk.toString()));
    refused.on('connect', () => refused.write('b'));
    const ended = await new Promise<string>((resolve) => {
      refused.on('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? 'error'));
      refused.on('close', () => resolve('closed'));
    });
    assert.ok(['ECONNRESET', 'EPIPE', 'closed'].includes(ended), ended);
    assert.equal(echoed, '');

    proxy.restore();
    const after = await connectClient(proxy.port);
    after.socket.write('c');
    await after.waitFor('c');
    after.socket.destroy();
    await until(() => proxy.connections === 0, 'the proxy to forget a closed connection');
  });

  void test('blackhole passes nothing either way, then restore resets those connections', async () => {
    const held = await connectClient(proxy.port);
    held.socket.write('1');
    await held.waitFor('1');
    proxy.blackhole();
    assert.equal(proxy.mode, 'blackhole');
    held.socket.write('2');
    // Accepted while blackholed: connects, but goes nowhere.
    const late = await connectClient(proxy.port);
    late.socket.write('3');
    await sleep(QUIET_MS);
    assert.equal(held.received(), '1');
    assert.equal(late.received(), '');
    assert.equal(held.socket.destroyed, false, 'a blackhole keeps connections open');
    assert.equal(proxy.connections, 2);

    proxy.restore();
    await Promise.all([held.closed, late.closed]);
    // Nothing that was dropped arrives later.
    assert.equal(held.received(), '1');
    assert.equal(late.received(), '');

    const fresh = await connectClient(proxy.port);
    fresh.socket.write('4');
    await fresh.waitFor('4');
    fresh.socket.destroy();
    await until(() => proxy.connections === 0, 'the proxy to forget a closed connection');
  });

  void test('delay(200) delays a round trip by at least 200 ms and keeps order', async () => {
    const client = await connectClient(proxy.port);
    proxy.delay(200);
    assert.equal(proxy.mode, 'delay');
    const started = performance.now();
    client.socket.write('x');
    await client.waitFor('x');
    assert.ok(performance.now() - started >= 200, 'round trip took at least the delay');

    // Chunks written in a burst arrive in order.
    const parts = Array.from({ length: 20 }, (_, i) => `<${i}>`);
    for (const part of parts) client.socket.write(part);
    // Bytes still queued when the delay is lifted are not overtaken by new ones.
    await sleep(50);
    proxy.restore();
    client.socket.write('<end>');
    assert.equal(await client.waitFor('<end>'), `x${parts.join('')}<end>`);
    client.socket.destroy();
    await until(() => proxy.connections === 0, 'the proxy to forget a closed connection');
  });

  void test('close stops listening, resets connections and leaves no timers', async () => {
    const other = await FaultProxy.start({ target: { host: '127.0.0.1', port: echo.port } });
    const client = await connectClient(other.port);
    other.delay(10_000);
    client.socket.write('pending');
    await sleep(20);
    const timersBefore = process.getActiveResourcesInfo().filter((name) => name === 'Timeout').length;
    await other.close();
    await client.closed;
    const timersAfter = process.getActiveResourcesInfo().filter((name) => name === 'Timeout').length;
    assert.ok(timersAfter < timersBefore, `the delay timer is gone (${timersBefore} -> ${timersAfter})`);
    assert.equal(other.connections, 0);
    await assert.rejects(connectClient(other.port));
    await other.close(); // idempotent
    assert.throws(() => other.cut(), /closed/);
  });

  void test('rejects a malformed target', async () => {
    await assert.rejects(FaultProxy.start({ target: 'nope' }), TypeError);
  });
});
