/**
 * Service registry and discovery, compatible with curator-x-discovery's layout
 * and JSON (docs/discovery.md).
 */
export { ServiceDiscovery, type ServiceDiscoveryOptions } from './service-discovery.js';
export { ServiceCache, type ServiceCacheEvents } from './service-cache.js';
export { ServiceProvider, type ServiceProviderOptions } from './service-provider.js';
export {
  RoundRobinStrategy, RandomStrategy, StickyStrategy, type ProviderStrategy, type ProviderStrategyName,
} from './provider-strategy.js';
export { DEFAULT_DOWN_INSTANCE_POLICY, type DownInstancePolicy } from './down-instance-tracker.js';
export { jsonPayload, javaTypedPayload, stripJavaTypeInfo, type PayloadCodec } from './payload-codec.js';
export { parseUriSpec, formatUriSpec, buildUri } from './uri-spec.js';
export { InstanceFormatError } from './instance-format-error.js';
export { InstanceSerializer } from './instance-serializer.js';
export { localIPv4Address } from './instance-builder.js';
export { DiscoveryAttr } from './discovery-telemetry.js';
export type {
  ServiceInstance, ServiceRegistration, ServiceType, RegistrableServiceType, UriSpec, UriSpecPart, InstanceRef,
} from './service-instance.js';
