import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { after, before, describe, test } from 'node:test';
import {
  buildUri, InstanceSerializer, javaTypedPayload, ServiceDiscovery, type ServiceInstance, type ZkClient,
} from '../../src/index.js';
import { expireSession, type TestingServer } from '../../src/testing/index.js';
import { connectClient, eventually, startServer, uniquePath } from '../support/zk.js';
import { waitForNewSession } from '../support/zk.js';
import { compileJava, curatorUnavailable, JavaPeer } from './java-peer.js';

const SOURCE = fileURLToPath(new URL('./java/DiscoveryPeer.java', import.meta.url));
const unavailable = curatorUnavailable();

/** What the Java peer reports for an instance (`DiscoveryPeer.describe`). */
interface JavaView {
  name: string; id: string; address: string | null; port: number | null; sslPort: number | null;
  payload: unknown; payloadClass: string | null; registrationTimeUTC: number; serviceType: string;
  uriSpec: { value: string; variable: boolean }[] | null; uri: string | null; enabled: boolean;
}

/** Our instance in the Java peer's terms, for a field-for-field comparison. */
function asJavaSees(i: ServiceInstance<unknown>): Omit<JavaView, 'payloadClass'> {
  return {
    name: i.name, id: i.id, address: i.address, port: i.port, sslPort: i.sslPort, payload: i.payload,
    registrationTimeUTC: i.registrationTimeUTC, serviceType: i.serviceType,
    uriSpec: i.uriSpec ? i.uriSpec.parts.map((p) => ({ value: p.value, variable: p.variable })) : null,
    uri: buildUri(i) ?? null, enabled: i.enabled,
  };
}

void describe('discovery interop with curator-x-discovery 5.4', { skip: unavailable }, () => {
  let server: TestingServer;
  let client: ZkClient;
  let peer: JavaPeer;
  let discovery: ServiceDiscovery;
  const basePath = uniquePath('services');

  async function ask<T>(command: string, arg: object = {}): Promise<T> {
    const reply = JSON.parse(await peer.request(`${command} ${JSON.stringify(arg)}`)) as T & { error?: string };
    if (reply && typeof reply === 'object' && 'error' in reply) throw new Error(`java: ${reply.error}`);
    return reply;
  }

  before(async () => {
    server = await startServer();
    client = await connectClient(server.connectString);
    discovery = new ServiceDiscovery(client, { basePath });
    await discovery.start();
    peer = JavaPeer.start(compileJava([SOURCE]), 'DiscoveryPeer', [server.connectString, basePath]);
    assert.equal(await peer.nextReply(60_000), 'READY');
  });

  after(async () => {
    if (peer) {
      await peer.request('quit').catch(() => undefined);
      await peer.stop();
    }
    await discovery?.close();
    await client?.close();
    await server?.close();
  });

  void test('instances registered by Java are read field for field, with and without @class payloads', async () => {
    const expected: Record<string, unknown> = {
      pojo: { zone: 'eu-1', weight: 5 }, map: { zone: 'us-2' }, string: 'hello', list: ['a', 'b'], long: 5, none: null,
    };
    for (const payloadKind of Object.keys(expected)) {
      const java = await ask<JavaView>('register', {
        name: 'java-svc', id: `j-${payloadKind}`, address: '10.1.2.3', port: 8080, sslPort: 8443, payloadKind,
        uriSpec: '{scheme}://{address}:{ssl-port}/{name}/{id}',
      });
      const ours = await discovery.queryForInstance('java-svc', `j-${payloadKind}`);
      assert.ok(ours, payloadKind);
      const { payloadClass: _c, ...javaFields } = java;
      assert.deepEqual(asJavaSees(ours), javaFields, payloadKind);
      assert.deepEqual(ours.payload, expected[payloadKind], payloadKind);
      assert.equal(ours.enabled, true, 'the default Java writer omits "enabled": read as true');
    }
    const raw = (await client.getData(`${basePath}/java-svc/j-list`)).data.toString();
    assert.match(raw, /"payload":\["java\.util\.ArrayList",\["a","b"\]\]/, 'a wrapper array was really written');
    assert.deepEqual((await discovery.queryForInstances('java-svc')).length, 6);
    assert.deepEqual(await discovery.queryForNames(), ['java-svc']);
  });

  void test('the non-compatible Java writer: "enabled" is read, and our encoding is byte for byte the same', async () => {
    await ask('register', { name: 'java-full', id: 'off', port: 1, payloadKind: 'pojo', enabled: false, writer: 'full', uriSpec: '{scheme}://{address}' });
    const { data } = await client.getData(`${basePath}/java-full/off`);
    const typed = new InstanceSerializer(javaTypedPayload('DiscoveryPeer$Details'));
    const ours = typed.decode(data, `${basePath}/java-full/off`, 'java-full', 'off');
    assert.equal(ours.enabled, false);
    assert.equal(typed.encode(ours).toString(), data.toString());
  });

  void test('instances registered by us are read by Java queryForInstance with equal fields (payload as a Map)', async () => {
    const ours = await discovery.register({
      name: 'node-svc', id: 'n-1', address: '10.9.8.7', port: 3000, sslPort: 3443, payload: { zone: 'ap-1', weight: 7 },
      uriSpec: '{scheme}://{address}:{port}/x{[}y{]}',
    });
    const java = await ask<JavaView>('query', { name: 'node-svc', id: 'n-1' });
    const { payloadClass, ...javaFields } = java;
    assert.deepEqual(javaFields, asJavaSees(ours));
    assert.equal(payloadClass, 'java.util.LinkedHashMap');
    assert.equal(java.uri, 'https://10.9.8.7:3000/x{y}');
    assert.deepEqual(await ask<string[]>('names'), ['java-full', 'java-svc', 'node-svc']);
    // A Java reader typed with its own class cannot take a plain payload (ClassCastException): that is what javaTypedPayload is for.
    await assert.rejects(ask('query', { name: 'node-svc', id: 'n-1', reader: 'typed' }), /ClassCastException/);
  });

  void test('a payload written with javaTypedPayload is read by a typed Java reader as its class', async () => {
    const typed = new ServiceDiscovery<{ zone: string; weight: number }>(client, { basePath, payload: javaTypedPayload('DiscoveryPeer$Details') });
    await typed.start();
    const ours = await typed.register({ name: 'typed-svc', id: 't-1', address: '10.0.0.1', port: 1, payload: { zone: 'eu-2', weight: 9 } });
    const java = await ask<JavaView>('query', { name: 'typed-svc', id: 't-1', reader: 'typed' });
    assert.equal(java.payloadClass, 'DiscoveryPeer$Details');
    const { payloadClass: _c, ...javaFields } = java;
    assert.deepEqual(javaFields, asJavaSees(ours));
    await typed.close();
  });

  void test('a Java ServiceProvider picks our enabled instances round-robin', async () => {
    for (const id of ['p-1', 'p-2']) await discovery.register({ name: 'provided', id, address: '10.0.0.2', port: 80 });
    await discovery.register({ name: 'provided', id: 'p-off', port: 80, enabled: false });
    await ask('provider', { name: 'provided' });
    assert.deepEqual(await ask<string[]>('providerAll', { name: 'provided' }), ['p-1', 'p-2']);
    const picks = await ask<string[]>('providerGet', { name: 'provided', n: 4 });
    assert.deepEqual([...new Set(picks)].sort(), ['p-1', 'p-2']);
  });

  void test('a Java ServiceCache sees our instance go with the expired session and come back', async () => {
    const ours = await discovery.register({ name: 'healing', id: 'h-1', address: '10.0.0.3', port: 81, payload: { v: 1 } });
    assert.deepEqual(await ask<string[]>('cache', { name: 'healing' }), ['h-1']);
    const eventsBefore = peer.events.length;
    const reconnected = waitForNewSession(client);
    await expireSession(client);
    await reconnected;
    // Gone with the session, then back under the new one.
    const since = (): string[] => peer.events.slice(eventsBefore);
    await eventually(() => {
      const gone = since().indexOf('cache healing []');
      return gone >= 0 && since().slice(gone + 1).includes('cache healing ["h-1"]');
    }, 30_000);
    assert.equal((await client.exists(`${basePath}/healing/h-1`))?.ephemeralOwner, client.sessionId);
    const { payloadClass: _c, ...javaFields } = await ask<JavaView>('query', { name: 'healing', id: 'h-1' });
    assert.deepEqual(javaFields, asJavaSees(ours));
  });
});
