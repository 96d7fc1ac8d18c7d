import { Perms, type Acl } from '../../client/index.js';
import { UsageError } from '../cli-error.js';

/** zkCli's permission letters, in its order: create, delete, read, write, admin. */
const LETTERS: readonly (readonly [string, number])[] = [
  ['c', Perms.CREATE], ['d', Perms.DELETE], ['r', Perms.READ], ['w', Perms.WRITE], ['a', Perms.ADMIN],
];

/** Permission bits as zkCli's letters (`cdrwa`). */
export function permString(perms: number): string {
  return LETTERS.filter(([, bit]) => (perms & bit) !== 0).map(([letter]) => letter).join('');
}

/** zkCli letters to permission bits. @throws UsageError on an unknown letter */
export function parsePerms(text: string): number {
  let perms = 0;
  for (const ch of text.toLowerCase()) {
    const entry = LETTERS.find(([letter]) => letter === ch);
    if (!entry) throw new UsageError(`unknown permission "${ch}" in "${text}" (use letters of cdrwa)`);
    perms |= entry[1];
  }
  return perms;
}

/**
 * Parses zkCli's ACL syntax: comma-separated `scheme:id:perms` entries, where
 * the id may itself contain colons (`digest:user:hash=:cdrwa`,
 * `ip:10.0.0.0/8:r`, `world:anyone:cdrwa`, `auth::cdrwa`).
 */
export function parseAcl(text: string): Acl[] {
  const entries = text.split(',').map((s) => s.trim()).filter((s) => s !== '');
  if (entries.length === 0) throw new UsageError('an ACL needs at least one scheme:id:perms entry');
  return entries.map((entry) => {
    const first = entry.indexOf(':');
    const last = entry.lastIndexOf(':');
    if (first === -1 || first === last) {
      throw new UsageError(`"${entry}" is not an ACL entry (scheme:id:perms, e.g. world:anyone:cdrwa)`);
    }
    return { scheme: entry.slice(0, first), id: entry.slice(first + 1, last), perms: parsePerms(entry.slice(last + 1)) };
  });
}

/** An ACL as zkCli's `getAcl` prints it: `'world,'anyone` then `: cdrwa` per entry. */
export function aclLines(acl: readonly Acl[]): string[] {
  return acl.flatMap((entry) => [`'${entry.scheme},'${entry.id}`, `: ${permString(entry.perms)}`]);
}

/** An ACL for `--json`: each entry with its permission letters. */
export function aclJson(acl: readonly Acl[]): { scheme: string; id: string; perms: string }[] {
  return acl.map((entry) => ({ scheme: entry.scheme, id: entry.id, perms: permString(entry.perms) }));
}
