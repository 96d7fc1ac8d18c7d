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
  if (typeof path !== 'string') throw new InvalidPathError('path must be a string', details(path, op));
  if (path.length === 0) throw new InvalidPathError('path is empty', details(path, op));
  if (path.charCodeAt(0) !== 0x2f) throw new InvalidPathError('path must start with /', details(path, op));
  if (path.length === 1) return;
  // A sequential create may end with `/`: the server appends the sequence number.
  const end = sequential && path.charCodeAt(path.length - 1) === 0x2f ? path.length - 1 : path.length;
  if (end === path.length && path.charCodeAt(end - 1) === 0x2f) throw new InvalidPathError('path must not end with /', details(path, op));
  // One pass: segment boundaries and forbidden characters (this runs for every request).
  let segmentStart = 1;
  for (let i = 1; i <= end; i++) {
    const c = i === end ? 0x2f : path.charCodeAt(i);
    if (c === 0x2f) {
      const length = i - segmentStart;
      if (length === 0) {
        throw new InvalidPathError('empty node name', details(path, op));
      } else if (length <= 2 && path.charCodeAt(segmentStart) === 0x2e && (length === 1 || path.charCodeAt(segmentStart + 1) === 0x2e)) {
        throw new InvalidPathError(`relative segment "${path.slice(segmentStart, i)}"`, details(path, op));
      }
      segmentStart = i + 1;
      continue;
    }
    if (c === 0) throw new InvalidPathError(`NUL character at index ${i}`, details(path, op));
    if (isForbidden(c)) throw new InvalidPathError(`forbidden character \\u${c.toString(16).padStart(4, '0')} at index ${i}`, details(path, op));
  }
}

function details(path: unknown, op: string | undefined): { op?: string; path?: string } {
  return { ...(op === undefined ? {} : { op }), ...(typeof path === 'string' ? { path } : {}) };
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
