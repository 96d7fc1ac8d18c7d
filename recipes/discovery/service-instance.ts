/**
 * How an instance's node lives, spelled exactly as curator-x-discovery's
 * `ServiceType` enum (case-sensitive in Java): `DYNAMIC` is an ephemeral node
 * that goes with the registering session; `STATIC` and `PERMANENT` are
 * persistent nodes. `DYNAMIC_SEQUENTIAL` (ephemeral-sequential) is read but
 * not written: Curator's own queries cannot address such nodes by id.
 */
export type ServiceType = 'DYNAMIC' | 'STATIC' | 'PERMANENT' | 'DYNAMIC_SEQUENTIAL';

/** The service types {@link ServiceDiscovery.register} writes. */
export type RegistrableServiceType = Exclude<ServiceType, 'DYNAMIC_SEQUENTIAL'>;

/** One token of a {@link UriSpec}: a literal, or a `{variable}` to substitute. */
export interface UriSpecPart {
  readonly value: string;
  readonly variable: boolean;
}

/**
 * Curator's `UriSpec` as it appears in the JSON: the parsed form of a template
 * such as `{scheme}://{address}:{port}/api`. Build one with `parseUriSpec`,
 * expand it with `buildUri`.
 */
export interface UriSpec {
  readonly parts: readonly UriSpecPart[];
}

/**
 * One registered instance of a service, field for field as curator-x-discovery's
 * `ServiceInstance<T>` (JSON property order is the same as here).
 *
 * @typeParam P - the payload type, as decoded by the discovery's payload codec
 */
export interface ServiceInstance<P = unknown> {
  /** Service name: the node `basePath/<name>`. */
  readonly name: string;
  /** Instance id: the node `basePath/<name>/<id>`. */
  readonly id: string;
  readonly address: string | null;
  readonly port: number | null;
  readonly sslPort: number | null;
  readonly payload: P | null;
  /** Epoch milliseconds when the instance was built (kept across re-registrations). */
  readonly registrationTimeUTC: number;
  readonly serviceType: ServiceType;
  readonly uriSpec: UriSpec | null;
  /**
   * False marks an instance that providers skip (Curator's `enabled`, CURATOR-275).
   * Always written; read as true when absent.
   */
  readonly enabled: boolean;
}

/** What {@link ServiceDiscovery.register} takes: a name, everything else optional. */
export interface ServiceRegistration<P = unknown> {
  /** Service name; a single node name (no `/`). */
  name: string;
  /** Instance id, a single node name. @default a random UUID */
  id?: string;
  /**
   * Host or IP others should call. `null` writes `null`.
   * @default the first non-loopback, non-link-local IPv4 of this host (null if none)
   */
  address?: string | null;
  /** 0–65535, or null. @default null */
  port?: number | null;
  /** 0–65535, or null; when set, `{scheme}` in the uriSpec expands to `https`. @default null */
  sslPort?: number | null;
  /** Anything the payload codec can encode. @default null */
  payload?: P | null;
  /** @default 'DYNAMIC' (ephemeral) */
  serviceType?: RegistrableServiceType;
  /** A template (`'{scheme}://{address}:{port}'`) or a parsed spec. @default null */
  uriSpec?: string | UriSpec | null;
  /** @default true */
  enabled?: boolean;
}

/** Identifies an instance: a `ServiceInstance` or just its name and id. */
export interface InstanceRef {
  readonly name: string;
  readonly id: string;
}
