import { InvalidPathError } from '../errors/index.js';

/** True for characters ZooKeeper refuses in a path (`PathUtils.validatePath`). */
function isForbidden(code: number): boolean {
  return (code > 0x0000 && code <= 0x001f)
    || (code >= 0x007f && code <= 0x009f)
    || (code >= 0xd800 && code <= 0xf8ff)
    || (code >= 0xfff0 && code <= 0xffff);
}

/**
 * Throws `InvalidPathError` unless `path` follows ZooKeeper's rules: absolute, no
 * trailing slash (a sequential create may end with `/`), no empty, `.` or `..`
 * segments, no NUL or forbidden unicode ranges. The same rules the server applies,
 * checked before anything is sent.
 */
export function assertValidPath(path: unknown, op?: string, sequential = false): asserts path is string {
  const d = { ...(op === undefined ? {} : { op }), ...(typeof path === 'string' ? { path } : {}) };
  if (typeof path !== 'string') throw new InvalidPathError('path must be a string', d);
  if (path.length === 0) throw new InvalidPathError('path is empty', d);
  if (path[0] !== '/') throw new InvalidPathError('path must start with /', d);
  if (path.length === 1) return;
  const checked = sequential && path.endsWith('/') ? `${path}1` : path;
  if (checked.endsWith('/')) throw new InvalidPathError('path must not end with /', d);
  const segments = checked.split('/');
  for (let i = 1; i < segments.length; i++) {
    const s = segments[i];
    if (s.length === 0) throw new InvalidPathError('empty node name', d);
    if (s === '.' || s === '..') throw new InvalidPathError(`relative segment "${s}"`, d);
  }
  for (let i = 0; i < checked.length; i++) {
    const c = checked.charCodeAt(i);
    if (c === 0) throw new InvalidPathError(`NUL character at index ${i}`, d);
    if (isForbidden(c)) throw new InvalidPathError(`forbidden character \\u${c.toString(16).padStart(4, '0')} at index ${i}`, d);
  }
}

/** True if `path` is `/zookeeper` or below it: the server's own subtree. */
export function isReservedPath(path: string): boolean {
  return path === '/zookeeper' || path.startsWith('/zookeeper/');
}

/** The parent of an absolute path (`/a/b` → `/a`, `/a` → `/`). */
export function parentPath(path: string): string {
  const i = path.lastIndexOf('/');
  return i <= 0 ? '/' : path.slice(0, i);
}

/** The last segment of a path (`/a/b` → `b`). */
export function nodeName(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

/** Joins a parent path and a child name (`/a` + `b` → `/a/b`, `/` + `b` → `/b`). */
export function joinPath(parent: string, child: string): string {
  return parent === '/' ? `/${child}` : `${parent}/${child}`;
}
