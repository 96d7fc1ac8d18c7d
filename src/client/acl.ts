import { createHash } from 'node:crypto';
import { describeValue, InvalidAclError } from '../errors/index.js';

/** Permission bits (ZooKeeper `ZooDefs.Perms`). Combine with `|`. */
export const Perms = {
  READ: 1,
  WRITE: 2,
  CREATE: 4,
  DELETE: 8,
  ADMIN: 16,
  ALL: 31,
} as const;

/** ACL schemes ZooKeeper ships with. */
export type AclScheme = 'world' | 'auth' | 'digest' | 'ip' | 'x509' | 'sasl' | (string & {});

/** One ACL entry: who (`scheme`:`id`) may do what (`perms`). */
export interface Acl {
  perms: number;
  scheme: AclScheme;
  /** `anyone` for world, `user:base64(sha1(user:password))` for digest, an address or CIDR for ip. */
  id: string;
}

/** Credentials added to a session (`addauth`). */
export interface AuthInfo {
  scheme: 'digest' | (string & {});
  /** For digest: `user:password`. */
  credentials: string;
}

/** world:anyone with every permission: ZooKeeper's `OPEN_ACL_UNSAFE`. */
export const OPEN_ACL_UNSAFE: readonly Acl[] = Object.freeze([{ perms: Perms.ALL, scheme: 'world', id: 'anyone' }]);
/** world:anyone read-only: ZooKeeper's `READ_ACL_UNSAFE`. */
export const READ_ACL_UNSAFE: readonly Acl[] = Object.freeze([{ perms: Perms.READ, scheme: 'world', id: 'anyone' }]);
/** Everything for the identities the creating session authenticated with: `CREATOR_ALL_ACL`. */
export const CREATOR_ALL_ACL: readonly Acl[] = Object.freeze([{ perms: Perms.ALL, scheme: 'auth', id: '' }]);

/** The digest ZooKeeper stores for `user:password` (`DigestAuthenticationProvider.generateDigest`). */
export function digestId(user: string, password: string): string {
  const hash = createHash('sha1').update(`${user}:${password}`, 'utf8').digest('base64');
  return `${user}:${hash}`;
}

/**
 * A digest ACL entry for `user` with `password`; a session that ran
 * `addAuth('digest', 'user:password')` (or has it in `auth`) matches it.
 */
export function digestAcl(user: string, password: string, perms: number = Perms.ALL): Acl {
  return { perms, scheme: 'digest', id: digestId(user, password) };
}

/** An ip ACL entry (`10.0.0.0/8` or a single address). */
export function ipAcl(address: string, perms: number = Perms.ALL): Acl {
  return { perms, scheme: 'ip', id: address };
}

/** Throws `InvalidAclError` unless `acl` is a non-empty list of well-formed entries. */
export function assertValidAcl(acl: readonly Acl[], op?: string, path?: string): void {
  const d = { ...(op === undefined ? {} : { op }), ...(path === undefined ? {} : { path }) };
  if (!Array.isArray(acl) || acl.length === 0) throw new InvalidAclError('ACL must be a non-empty array', d);
  for (const entry of acl as readonly Acl[]) {
    if (!entry || typeof entry.scheme !== 'string' || entry.scheme === '' || typeof entry.id !== 'string') {
      throw new InvalidAclError('each entry needs a scheme and an id', d);
    }
    if (!Number.isInteger(entry.perms) || entry.perms < 0 || entry.perms > Perms.ALL) {
      throw new InvalidAclError(`perms must be an integer 0..31, got ${describeValue(entry.perms)}`, d);
    }
    if (entry.scheme === 'digest' && !/^[^:]+:.+$/.test(entry.id)) {
      throw new InvalidAclError('a digest id is "user:base64digest" (see digestAcl)', d);
    }
  }
}
