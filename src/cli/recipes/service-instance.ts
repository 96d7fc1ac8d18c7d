import type { Stat } from '../../client/index.js';
import { utf8OrUndefined } from '../format/node-data.js';
import { sessionHex } from '../format/stat-format.js';

/** One service instance as curator-x-discovery writes it at `basePath/<name>/<id>` (INTEROP.md §8). */
export interface ServiceInstanceView {
  service: string;
  /** The node name (for DYNAMIC_SEQUENTIAL it carries the sequence, the JSON id does not). */
  node: string;
  id: string;
  address: string | null;
  port: number | null;
  sslPort: number | null;
  /** Epoch ms from the JSON (`registrationTimeUTC`), 0 when absent. */
  registrationTimeUTC: number;
  serviceType: string;
  /** `enabled` as written; absent means enabled (Curator's default, compatible serialisation). */
  enabled: boolean;
  payload: unknown;
  /** Owner session of the node (`0x0` for STATIC/PERMANENT instances). */
  sessionId: string;
  /** Why the node could not be read as an instance, if it could not. */
  problem: string | undefined;
}

function numberOrNull(value: unknown): number | null {
  return typeof value === 'number' ? value : null;
}

/**
 * Reads an instance node's JSON the way Curator's `JsonInstanceSerializer`
 * does: unknown fields ignored, missing fields defaulted (id "", serviceType
 * DYNAMIC, enabled true, registration time 0).
 */
export function parseServiceInstance(service: string, node: string, data: Buffer, stat: Stat): ServiceInstanceView {
  const base: ServiceInstanceView = {
    service, node, id: node, address: null, port: null, sslPort: null, registrationTimeUTC: 0,
    serviceType: 'DYNAMIC', enabled: true, payload: null, sessionId: sessionHex(stat.ephemeralOwner), problem: undefined,
  };
  const text = utf8OrUndefined(data);
  let json: unknown;
  try {
    json = text === undefined ? undefined : JSON.parse(text);
  } catch {
    json = undefined;
  }
  if (json === null || typeof json !== 'object' || Array.isArray(json)) {
    return { ...base, problem: 'not a curator-x-discovery JSON instance' };
  }
  const o = json as Record<string, unknown>;
  return {
    ...base,
    id: typeof o.id === 'string' ? o.id : '',
    address: typeof o.address === 'string' ? o.address : null,
    port: numberOrNull(o.port),
    sslPort: numberOrNull(o.sslPort),
    registrationTimeUTC: typeof o.registrationTimeUTC === 'number' ? o.registrationTimeUTC : 0,
    serviceType: typeof o.serviceType === 'string' ? o.serviceType : 'DYNAMIC',
    enabled: o.enabled !== false,
    payload: o.payload ?? null,
  };
}
