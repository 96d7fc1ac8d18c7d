import { randomUUID } from 'node:crypto';

/**
 * Curator's protected mode names (INTEROP.md §1): `_c_<uuid>-<name>`, with the
 * sequence number that ZooKeeper appends after `<name>`.
 */
export const PROTECTED_PREFIX = '_c_';
const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** `_c_` + 36-character UUID + `-`. */
export const PROTECTED_PREFIX_LENGTH = 40;

/** A fresh protection prefix `_c_<uuid>-`. */
export function newProtectedPrefix(): string {
  return `${PROTECTED_PREFIX}${randomUUID()}-`;
}

/** True if `name` carries a protection prefix (Curator's `ProtectedUtils.isProtectedZNode`). */
export function isProtectedName(name: string): boolean {
  return name.length > PROTECTED_PREFIX_LENGTH
    && name.startsWith(PROTECTED_PREFIX)
    && name[PROTECTED_PREFIX_LENGTH - 1] === '-'
    && UUID_RE.test(name.slice(PROTECTED_PREFIX.length, PROTECTED_PREFIX_LENGTH - 1));
}

/** The name without its protection prefix (Curator's `ProtectedUtils.normalize`). */
export function unprotectedName(name: string): string {
  return isProtectedName(name) ? name.slice(PROTECTED_PREFIX_LENGTH) : name;
}
