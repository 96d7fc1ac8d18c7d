import { randomUUID } from 'node:crypto';
import { networkInterfaces } from 'node:os';
import { assertValidPath, joinPath } from '../../src/client/index.js';
import { describeValue, InvalidArgumentError, InvalidPathError } from '../../src/errors/index.js';
import type { RegistrableServiceType, ServiceInstance, ServiceRegistration, UriSpec } from './service-instance.js';
import { parseUriSpec } from './uri-spec.js';

const REGISTRABLE: ReadonlySet<string> = new Set<RegistrableServiceType>(['DYNAMIC', 'STATIC', 'PERMANENT']);

/**
 * The first IPv4 address of this host that is neither loopback nor link-local
 * (169.254/16), or `null`: what Curator's `ServiceInstance.builder()` picks,
 * limited to IPv4 so the address can be put in a URI as is.
 */
export function localIPv4Address(): string | null {
  for (const addresses of Object.values(networkInterfaces())) {
    for (const a of addresses ?? []) {
      if (a.family === 'IPv4' && !a.internal && !a.address.startsWith('169.254.')) return a.address;
    }
  }
  return null;
}

/**
 * Throws `InvalidArgumentError` unless `value` can be a service name or id: a
 * non-empty single node name (no `/`, not `.` or `..`, no characters ZooKeeper refuses).
 */
export function assertNodeName(value: unknown, what: 'name' | 'id', op: string): asserts value is string {
  if (typeof value !== 'string' || value === '') throw new InvalidArgumentError(`service ${what} must be a non-empty string, got ${describeValue(value)}`, { op });
  if (value.includes('/')) throw new InvalidArgumentError(`service ${what} must not contain "/", got ${describeValue(value)}`, { op });
  try {
    assertValidPath(`/${value}`, op);
  } catch (e) {
    if (e instanceof InvalidPathError) throw new InvalidArgumentError(`service ${what} ${describeValue(value)} is not a valid node name`, { op, cause: e });
    throw e;
  }
}

function portOrNull(value: unknown, what: string, op: string): number | null {
  if (value === undefined || value === null) return null;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value > 65535) {
    throw new InvalidArgumentError(`${what} must be an integer in 0..65535 or null, got ${describeValue(value)}`, { op });
  }
  return value;
}

function uriSpecOrNull(value: unknown, op: string): UriSpec | null {
  if (value === undefined || value === null) return null;
  if (typeof value === 'string') return parseUriSpec(value);
  const parts: unknown = (value as { parts?: unknown }).parts;
  if (typeof value !== 'object' || !Array.isArray(parts)) throw new InvalidArgumentError('uriSpec must be a template string or { parts: [...] }', { op });
  for (const p of parts as unknown[]) {
    const part = p as { value?: unknown; variable?: unknown } | null;
    if (!part || typeof part.value !== 'string' || typeof part.variable !== 'boolean') {
      throw new InvalidArgumentError('each uriSpec part needs { value: string, variable: boolean }', { op });
    }
  }
  return Object.freeze({ parts: Object.freeze((parts as UriSpec['parts']).map((p) => Object.freeze({ value: p.value, variable: p.variable }))) });
}

/**
 * Validates a registration (or an instance passed to `update`) and fills in
 * Curator's defaults, without touching ZooKeeper.
 *
 * @throws InvalidArgumentError for a bad name, id, port, serviceType, uriSpec or enabled flag
 */
export function buildInstance<P>(input: ServiceRegistration<P> | ServiceInstance<P>, basePath: string, op: string, registrationTimeUTC = Date.now()): ServiceInstance<P> {
  if (!input || typeof input !== 'object') throw new InvalidArgumentError('expected an object with at least a name', { op });
  assertNodeName(input.name, 'name', op);
  const id = input.id ?? randomUUID();
  assertNodeName(id, 'id', op);
  assertValidPath(joinPath(joinPath(basePath, input.name), id), op);
  const address = input.address === undefined ? localIPv4Address() : input.address;
  if (address !== null && typeof address !== 'string') throw new InvalidArgumentError(`address must be a string or null, got ${describeValue(address)}`, { op });
  const serviceType = input.serviceType ?? 'DYNAMIC';
  if (!REGISTRABLE.has(serviceType)) {
    throw new InvalidArgumentError(`serviceType must be DYNAMIC, STATIC or PERMANENT, got ${describeValue(serviceType)}`, { op });
  }
  const enabled = input.enabled ?? true;
  if (typeof enabled !== 'boolean') throw new InvalidArgumentError(`enabled must be a boolean, got ${describeValue(enabled)}`, { op });
  const time = 'registrationTimeUTC' in input ? input.registrationTimeUTC : registrationTimeUTC;
  if (!Number.isSafeInteger(time)) throw new InvalidArgumentError(`registrationTimeUTC must be an integer, got ${describeValue(time)}`, { op });
  return Object.freeze({
    name: input.name,
    id,
    address,
    port: portOrNull(input.port, 'port', op),
    sslPort: portOrNull(input.sslPort, 'sslPort', op),
    payload: input.payload ?? null,
    registrationTimeUTC: time,
    serviceType,
    uriSpec: uriSpecOrNull(input.uriSpec, op),
    enabled,
  });
}
