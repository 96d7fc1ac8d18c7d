import { describeValue, InvalidArgumentError } from '../../src/errors/index.js';

/**
 * Turns a payload into the JSON value stored in the instance's `"payload"`
 * field, and back. `encode` must return something `JSON.stringify` can write
 * (objects, arrays, strings, finite numbers, booleans, null); `decode` gets the
 * parsed value, already stripped of Java type information (see {@link jsonPayload}).
 * Either may throw: an `encode` failure makes `register`/`update` fail with
 * `InvalidArgumentError` before anything is written; a `decode` failure makes
 * the instance unreadable (`InstanceFormatError`).
 */
export interface PayloadCodec<P> {
  encode(payload: P): unknown;
  decode(json: unknown): P;
}

/** A Java class name as Jackson writes it as a type id (`java.util.ArrayList`, `Outer$Inner`). */
const JAVA_CLASS_NAME = /^[A-Za-z_$][\w$]*(\.[A-Za-z_$][\w$]*)*$/;

/**
 * Removes the type information curator-x-discovery's Jackson adds to payloads
 * (`@JsonTypeInfo(use = CLASS)` on `ServiceInstance.getPayload()`):
 * - objects lose their `"@class"` property (`{"@class":"java.util.HashMap","k":"v"}` → `{"k":"v"}`);
 * - wrapper arrays of a dotted class name and a value are unwrapped
 *   (`["java.util.ArrayList",["a"]]` → `["a"]`, `["java.lang.Long",5]` → `5`).
 *
 * Only the top level is touched: Jackson types nothing below it.
 */
export function stripJavaTypeInfo(json: unknown): unknown {
  if (Array.isArray(json)) {
    // Jackson writes every array payload as such a wrapper, so a two-element array
    // led by a dotted class name is one; a bare class in the default package
    // (no dot) is not recognised, to keep plain ["a", "b"] arrays intact.
    const [type, value] = json as unknown[];
    if (json.length === 2 && typeof type === 'string' && type.includes('.') && JAVA_CLASS_NAME.test(type)) return value;
    return json;
  }
  if (json !== null && typeof json === 'object' && Object.hasOwn(json, '@class')) {
    const { '@class': _type, ...rest } = json as Record<string, unknown>;
    return rest;
  }
  return json;
}

/**
 * The default codec: the payload is stored as plain JSON (as `JSON.stringify`
 * writes it) and read back with any Java `@class` information removed.
 *
 * Java readers typed `Object` or `Map` read such a payload as a `LinkedHashMap`;
 * a Java reader typed with its own class needs {@link javaTypedPayload}.
 * Arrays are not readable by Java at all unless wrapped: use objects.
 */
export function jsonPayload<P = unknown>(): PayloadCodec<P> {
  return {
    encode: (payload) => payload,
    decode: (json) => stripJavaTypeInfo(json) as P,
  };
}

/**
 * A codec for Java readers typed with their own payload class (e.g. Spring Cloud
 * Zookeeper's `ZookeeperInstance`): objects are written with `"@class":
 * className` as their first property, and arrays as Jackson's wrapper array
 * `[className, [...]]`; strings, numbers and booleans stay untyped, as Jackson
 * writes its natural types. Reading strips the type information again.
 *
 * @param className the Java class's binary name (`com.example.Details`, `Outer$Inner`)
 * @param inner the codec for the payload itself
 * @example `new ServiceDiscovery(client, { basePath: '/services', payload: javaTypedPayload('com.example.InstanceDetails') })`
 */
export function javaTypedPayload<P = unknown>(className: string, inner: PayloadCodec<P> = jsonPayload<P>()): PayloadCodec<P> {
  if (typeof className !== 'string' || !JAVA_CLASS_NAME.test(className)) {
    throw new InvalidArgumentError(`className must be a Java class name, got ${describeValue(className)}`, { op: 'javaTypedPayload' });
  }
  return {
    encode: (payload) => {
      const json = inner.encode(payload);
      if (Array.isArray(json)) return [className, json];
      if (json !== null && typeof json === 'object') {
        // Property order matters to nobody but humans and byte-level tests: Jackson writes @class first.
        const { '@class': _old, ...rest } = json as Record<string, unknown>;
        return { '@class': className, ...rest };
      }
      return json;
    },
    decode: (json) => inner.decode(stripJavaTypeInfo(json)),
  };
}
