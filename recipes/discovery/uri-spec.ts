import { describeValue, InvalidArgumentError } from '../../src/errors/index.js';
import type { ServiceInstance, UriSpec, UriSpecPart } from './service-instance.js';

/**
 * Parses a URI template the way Curator's `new UriSpec(String)` does: text in
 * `{...}` is a variable (trimmed), everything else a literal; `{[}` and `{]}`
 * stand for literal braces.
 *
 * @throws InvalidArgumentError on a nested `{`, a `}` without `{`, or an unclosed variable
 * @example `parseUriSpec('{scheme}://{address}:{port}/api')`
 */
export function parseUriSpec(raw: string): UriSpec {
  if (typeof raw !== 'string') throw new InvalidArgumentError(`uriSpec must be a string, got ${describeValue(raw)}`, { op: 'parseUriSpec' });
  const parts: UriSpecPart[] = [];
  let inside = false;
  // The same tokenizer as Java's StringTokenizer(raw, "{}", true): empty tokens never appear.
  for (const token of raw.split(/([{}])/).filter((t) => t !== '')) {
    if (token === '{') {
      if (inside) throw new InvalidArgumentError('{ is not allowed inside of a variable specification', { op: 'parseUriSpec' });
      inside = true;
    } else if (token === '}') {
      if (!inside) throw new InvalidArgumentError('} must be preceded by {', { op: 'parseUriSpec' });
      inside = false;
    } else {
      parts.push({ value: inside ? token.trim() : token, variable: inside });
    }
  }
  if (inside) throw new InvalidArgumentError('Final variable not closed - expected }', { op: 'parseUriSpec' });
  return { parts };
}

/** Renders a spec back to its template text (`{scheme}://...`). */
export function formatUriSpec(spec: UriSpec): string {
  return spec.parts.map((p) => (p.variable ? `{${p.value}}` : p.value)).join('');
}

/**
 * Expands an instance's `uriSpec` with Curator's variables: `scheme` (`https`
 * when `sslPort` is set, else `http`), `name`, `id`, `address`, `port`,
 * `ssl-port`, `registration-time-utc`, `service-type` (lower case), and `[`/`]`
 * for literal braces. `variables` override these. An unknown variable expands
 * to nothing and a null field to `""`, as in Java.
 *
 * @returns the URI, or `undefined` when the instance has no uriSpec
 * @example `buildUri(instance)  // 'http://10.0.0.5:8080/api'`
 */
export function buildUri(instance: ServiceInstance<unknown>, variables: Record<string, string | number> = {}): string | undefined {
  if (!instance.uriSpec) return undefined;
  const text = (v: string | number | null): string => (v === null ? '' : String(v));
  const values: Record<string, string> = {
    '[': '{',
    ']': '}',
    scheme: instance.sslPort !== null ? 'https' : 'http',
    name: text(instance.name),
    id: text(instance.id),
    address: text(instance.address),
    port: text(instance.port),
    'ssl-port': text(instance.sslPort),
    'registration-time-utc': text(instance.registrationTimeUTC),
    'service-type': instance.serviceType.toLowerCase(),
  };
  for (const [k, v] of Object.entries(variables)) values[k] = String(v);
  return instance.uriSpec.parts.map((p) => (p.variable ? (Object.hasOwn(values, p.value) ? values[p.value] : '') : p.value)).join('');
}
