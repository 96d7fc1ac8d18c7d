import { InvalidArgumentError } from '../../src/errors/index.js';
import { InstanceFormatError } from './instance-format-error.js';
import type { PayloadCodec } from './payload-codec.js';
import type { ServiceInstance, ServiceType, UriSpec, UriSpecPart } from './service-instance.js';

const SERVICE_TYPES: ReadonlySet<string> = new Set<ServiceType>(['DYNAMIC', 'STATIC', 'PERMANENT', 'DYNAMIC_SEQUENTIAL']);

type Fields = Record<string, unknown>;

/**
 * Writes and reads instance nodes in curator-x-discovery's JSON
 * (`JsonInstanceSerializer`, INTEROP.md §8): properties in Jackson's order
 * `name, id, address, port, sslPort, payload, registrationTimeUTC, serviceType,
 * uriSpec, enabled`, no whitespace, nulls written explicitly.
 *
 * Reading is as lenient as Jackson with `FAIL_ON_UNKNOWN_PROPERTIES = false`:
 * unknown properties are ignored, missing ones take Curator's defaults, and
 * Java type information on the payload is removed by the codec.
 */
export class InstanceSerializer<P> {
  constructor(private readonly payload: PayloadCodec<P>) {}

  /**
   * The node data for `instance`.
   * @throws InvalidArgumentError when the payload cannot be encoded as JSON
   */
  encode(instance: ServiceInstance<P>): Buffer {
    let payload: unknown = null;
    let json: string | undefined;
    try {
      if (instance.payload !== null && instance.payload !== undefined) payload = this.payload.encode(instance.payload);
      const ordered = {
        name: instance.name,
        id: instance.id,
        address: instance.address,
        port: instance.port,
        sslPort: instance.sslPort,
        payload: payload === undefined ? null : payload,
        registrationTimeUTC: instance.registrationTimeUTC,
        serviceType: instance.serviceType,
        uriSpec: instance.uriSpec ? { parts: instance.uriSpec.parts.map((p) => ({ value: p.value, variable: p.variable })) } : null,
        enabled: instance.enabled,
      };
      json = JSON.stringify(ordered);
    } catch (e) {
      throw new InvalidArgumentError(`payload cannot be encoded as JSON: ${e instanceof Error ? e.message : String(e)}`, { op: 'encodeInstance', cause: e });
    }
    if (payload === undefined || typeof payload === 'function' || typeof payload === 'symbol') {
      throw new InvalidArgumentError('payload codec returned a value JSON cannot hold', { op: 'encodeInstance' });
    }
    return Buffer.from(json, 'utf8');
  }

  /**
   * The instance stored in `data` at `path` (`basePath/<name>/<id>`); a missing
   * name or id is taken from the path.
   * @throws InstanceFormatError when the data is not an instance
   */
  decode(data: Buffer, path: string, name: string, id: string): ServiceInstance<P> {
    let parsed: unknown;
    try {
      parsed = JSON.parse(data.toString('utf8'));
    } catch (e) {
      throw new InstanceFormatError('invalid JSON', { op: 'decodeInstance', path, cause: e });
    }
    if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) throw new InstanceFormatError('not a JSON object', { op: 'decodeInstance', path });
    const f = parsed as Fields;
    const fail = (reason: string, cause?: unknown): never => { throw new InstanceFormatError(reason, { op: 'decodeInstance', path, cause }); };
    const serviceType = f.serviceType ?? 'DYNAMIC';
    if (typeof serviceType !== 'string' || !SERVICE_TYPES.has(serviceType)) fail(`unknown serviceType ${JSON.stringify(serviceType)}`);
    let payload: P | null = null;
    if (f.payload !== null && f.payload !== undefined) {
      try {
        payload = this.payload.decode(f.payload);
      } catch (e) {
        fail(`payload rejected by the codec: ${e instanceof Error ? e.message : String(e)}`, e);
      }
    }
    return Object.freeze({
      name: textField(f, 'name', fail) ?? name,
      id: textField(f, 'id', fail) ?? id,
      address: textField(f, 'address', fail),
      port: portField(f, 'port', fail),
      sslPort: portField(f, 'sslPort', fail),
      payload,
      registrationTimeUTC: numberField(f, 'registrationTimeUTC', fail) ?? 0,
      serviceType: serviceType as ServiceType,
      uriSpec: uriSpecField(f.uriSpec, fail),
      enabled: typeof f.enabled === 'boolean' ? f.enabled : (f.enabled === null || f.enabled === undefined ? true : fail('enabled must be a boolean')),
    });
  }
}

type Fail = (reason: string) => never;

/** A string field; numbers and booleans are coerced as Jackson coerces scalars to String. */
function textField(f: Fields, key: string, fail: Fail): string | null {
  const v = f[key];
  if (v === null || v === undefined) return null;
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return fail(`${key} must be a string`);
}

function numberField(f: Fields, key: string, fail: Fail): number | null {
  const v = f[key];
  if (v === null || v === undefined) return null;
  const n = typeof v === 'string' && v.trim() !== '' ? Number(v) : v;
  if (typeof n !== 'number' || !Number.isInteger(n)) return fail(`${key} must be an integer`);
  return n;
}

function portField(f: Fields, key: string, fail: Fail): number | null {
  const n = numberField(f, key, fail);
  if (n !== null && (n < -(2 ** 31) || n > 2 ** 31 - 1)) return fail(`${key} is outside Java's int range`);
  return n;
}

function uriSpecField(v: unknown, fail: Fail): UriSpec | null {
  if (v === null || v === undefined) return null;
  if (typeof v !== 'object' || Array.isArray(v)) return fail('uriSpec must be an object');
  const rawParts = (v as Fields).parts ?? [];
  if (!Array.isArray(rawParts)) return fail('uriSpec.parts must be an array');
  const parts = rawParts.map((p: unknown): UriSpecPart => {
    if (p === null || typeof p !== 'object') return fail('uriSpec.parts entries must be objects');
    const part = p as Fields;
    const value = part.value ?? '';
    const variable = part.variable ?? false;
    if (typeof value !== 'string' || typeof variable !== 'boolean') return fail('uriSpec part needs a string value and a boolean variable');
    return Object.freeze({ value, variable });
  });
  return Object.freeze({ parts: Object.freeze(parts) });
}
