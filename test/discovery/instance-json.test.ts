import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  buildUri, InstanceFormatError, InstanceSerializer, javaTypedPayload, jsonPayload, parseUriSpec, stripJavaTypeInfo,
  type ServiceInstance,
} from '../../recipes/discovery/index.js';
import { buildInstance } from '../../recipes/discovery/instance-builder.js';

/** Bytes written by Curator 5.4's JsonInstanceSerializer in its default (compatible) mode (INTEROP.md §8). */
const CURATOR_DEFAULT = '{"name":"my-service","id":"inst-1","address":"10.0.0.5","port":8080,"sslPort":8443,'
  + '"payload":{"@class":"Exp$MyPayload","zone":"eu-1","weight":5},'
  + '"registrationTimeUTC":1795977301357,"serviceType":"DYNAMIC",'
  + '"uriSpec":{"parts":[{"value":"scheme","variable":true},{"value":"://","variable":false},'
  + '{"value":"address","variable":true},{"value":":","variable":false},'
  + '{"value":"port","variable":true},{"value":"/api","variable":false}]}}';

const PATH = '/services/my-service/inst-1';

void describe('curator-x-discovery JSON', () => {
  void test('decodes a Curator instance with a typed payload, field for field', () => {
    const plain = new InstanceSerializer(jsonPayload());
    const instance = plain.decode(Buffer.from(CURATOR_DEFAULT), PATH, 'my-service', 'inst-1');
    assert.deepEqual(instance, {
      name: 'my-service', id: 'inst-1', address: '10.0.0.5', port: 8080, sslPort: 8443,
      payload: { zone: 'eu-1', weight: 5 }, registrationTimeUTC: 1795977301357, serviceType: 'DYNAMIC',
      uriSpec: { parts: [
        { value: 'scheme', variable: true }, { value: '://', variable: false }, { value: 'address', variable: true },
        { value: ':', variable: false }, { value: 'port', variable: true }, { value: '/api', variable: false },
      ] },
      enabled: true,
    });
    assert.equal(buildUri(instance), 'https://10.0.0.5:8080/api');
  });

  void test('re-encodes byte for byte, plus "enabled" (the non-compatible Java writer)', () => {
    const typed = new InstanceSerializer(javaTypedPayload('Exp$MyPayload'));
    const instance = typed.decode(Buffer.from(CURATOR_DEFAULT), PATH, 'my-service', 'inst-1');
    assert.equal(typed.encode(instance).toString(), `${CURATOR_DEFAULT.slice(0, -1)},"enabled":true}`);
  });

  void test('writes the plain-JSON payload without @class, nulls explicitly, in Jackson order', () => {
    const plain = new InstanceSerializer(jsonPayload());
    const instance = buildInstance({ name: 'orders', id: 'a', address: null, payload: { zone: 'eu' }, enabled: false }, '/services', 'test', 42);
    assert.equal(plain.encode(instance).toString(),
      '{"name":"orders","id":"a","address":null,"port":null,"sslPort":null,"payload":{"zone":"eu"},'
      + '"registrationTimeUTC":42,"serviceType":"DYNAMIC","uriSpec":null,"enabled":false}');
  });

  void test('reads nulls, missing fields and unknown fields with Curator defaults', () => {
    const plain = new InstanceSerializer(jsonPayload());
    const instance = plain.decode(Buffer.from('{"address":null,"port":null,"payload":null,"future":{"x":1},"uriSpec":null}'), '/s/n/i', 'n', 'i');
    assert.deepEqual(instance, {
      name: 'n', id: 'i', address: null, port: null, sslPort: null, payload: null, registrationTimeUTC: 0,
      serviceType: 'DYNAMIC', uriSpec: null, enabled: true,
    });
  });

  void test('strips Java type information from payloads: @class, wrapper arrays, natural scalars', () => {
    assert.deepEqual(stripJavaTypeInfo({ '@class': 'java.util.HashMap', k: 'v' }), { k: 'v' });
    assert.deepEqual(stripJavaTypeInfo(['java.util.ArrayList', ['a', 'b']]), ['a', 'b']);
    assert.equal(stripJavaTypeInfo(['java.lang.Long', 5]), 5);
    assert.equal(stripJavaTypeInfo('hello'), 'hello');
    assert.deepEqual(stripJavaTypeInfo(['a', 'b']), ['a', 'b'], 'a plain array is left alone');
    assert.deepEqual(stripJavaTypeInfo({ k: { '@class': 'x.Y' } }), { k: { '@class': 'x.Y' } }, 'only the top level');
  });

  void test('javaTypedPayload writes @class first for objects and a wrapper for arrays', () => {
    const codec = javaTypedPayload<unknown>('com.example.Details');
    assert.equal(JSON.stringify(codec.encode({ zone: 'eu', '@class': 'old' })), '{"@class":"com.example.Details","zone":"eu"}');
    assert.deepEqual(codec.encode(['x']), ['com.example.Details', ['x']]);
    assert.equal(codec.encode('text'), 'text');
    assert.deepEqual(codec.decode({ '@class': 'com.example.Details', zone: 'eu' }), { zone: 'eu' });
    assert.throws(() => javaTypedPayload('not a class'), { code: 'INVALID_ARGUMENT' });
  });

  void test('rejects data that is not an instance with InstanceFormatError', () => {
    const plain = new InstanceSerializer(jsonPayload());
    for (const bad of ['not json', '[1,2]', '"text"', '{"serviceType":"dynamic"}', '{"port":"eighty"}', '{"uriSpec":{"parts":[{"value":1}]}}', '{"enabled":"yes"}']) {
      assert.throws(() => plain.decode(Buffer.from(bad), '/s/n/i', 'n', 'i'), (e: unknown) => e instanceof InstanceFormatError && e.path === '/s/n/i', bad);
    }
  });

  void test('a payload that cannot be encoded is an InvalidArgumentError', () => {
    const plain = new InstanceSerializer<unknown>(jsonPayload());
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    for (const payload of [cyclic, { n: 10n }, () => 1]) {
      const instance: ServiceInstance = buildInstance({ name: 'n', id: 'i', payload }, '/s', 'test');
      assert.throws(() => plain.encode(instance), { code: 'INVALID_ARGUMENT' });
    }
    const failing = new InstanceSerializer<unknown>({ encode: () => { throw new Error('nope'); }, decode: (j) => j });
    assert.throws(() => failing.encode(buildInstance({ name: 'n', id: 'i', payload: 1 }, '/s', 'test')), { code: 'INVALID_ARGUMENT' });
  });
});

void describe('UriSpec', () => {
  void test('parses like Curator: variables trimmed, literal braces through [ and ]', () => {
    assert.deepEqual(parseUriSpec('{scheme}://{ address }:{port}{[}x{]}'), { parts: [
      { value: 'scheme', variable: true }, { value: '://', variable: false }, { value: 'address', variable: true },
      { value: ':', variable: false }, { value: 'port', variable: true }, { value: '[', variable: true },
      { value: 'x', variable: false }, { value: ']', variable: true },
    ] });
    for (const bad of ['{a{b}}', 'a}', '{open']) assert.throws(() => parseUriSpec(bad), { code: 'INVALID_ARGUMENT' }, bad);
  });

  void test('builds with every Curator variable; unknown variables expand to nothing', () => {
    const instance = buildInstance({
      name: 'svc', id: 'i-1', address: 'h', port: 80, serviceType: 'STATIC',
      uriSpec: '{scheme}|{name}|{id}|{address}|{port}|{ssl-port}|{registration-time-utc}|{service-type}|{[}{]}|{nope}|{extra}',
    }, '/s', 'test', 7);
    assert.equal(buildUri(instance, { extra: 'E' }), 'http|svc|i-1|h|80||7|static|{}||E');
    assert.equal(buildUri({ ...instance, sslPort: 443 }), 'https|svc|i-1|h|80|443|7|static|{}||');
    assert.equal(buildUri({ ...instance, uriSpec: null }), undefined);
  });
});

void describe('registration input', () => {
  void test('fills in Curator defaults: UUID id, a local IPv4 address, DYNAMIC, enabled', () => {
    const instance = buildInstance({ name: 'svc' }, '/s', 'test');
    assert.match(instance.id, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    assert.ok(instance.address === null || /^\d+\.\d+\.\d+\.\d+$/.test(instance.address));
    assert.notEqual(instance.address, '127.0.0.1');
    assert.equal(instance.serviceType, 'DYNAMIC');
    assert.equal(instance.enabled, true);
    assert.ok(Object.isFrozen(instance));
  });

  void test('rejects bad names, ids, ports, service types and uriSpecs', () => {
    const bad: Record<string, unknown>[] = [
      { name: 'a/b' }, { name: '' }, { name: 'ok', id: 'x/y' }, { name: 'ok', id: '..' }, { name: 'ok', port: 65536 },
      { name: 'ok', port: -1 }, { name: 'ok', sslPort: 1.5 }, { name: 'ok', serviceType: 'dynamic' },
      { name: 'ok', serviceType: 'DYNAMIC_SEQUENTIAL' }, { name: 'ok', uriSpec: '{x' }, { name: 'ok', enabled: 'yes' },
      { name: 'ok', address: 5 }, { name: 'bad\u0001' },
    ];
    for (const input of bad) {
      assert.throws(() => buildInstance(input as never, '/s', 'test'), { code: 'INVALID_ARGUMENT' }, JSON.stringify(input));
    }
  });
});
