import { InvalidArgumentError } from '../errors/index.js';
import { assertValidPath } from './znode-path.js';

/** A parsed connect string. */
export interface ConnectString {
  hosts: { host: string; port: number }[];
  /** The chroot (`/app`), or `undefined` for none. */
  chroot: string | undefined;
}

/**
 * Parses `host:port[,host:port...][/chroot]`. A missing port means 2181, as in
 * ZooKeeper's own clients. Throws `InvalidArgumentError` for a malformed string.
 */
export function parseConnectString(connect: string): ConnectString {
  if (typeof connect !== 'string' || connect.trim() === '') {
    throw new InvalidArgumentError('connect must be a non-empty "host:port[,host:port][/chroot]" string');
  }
  const slash = connect.indexOf('/');
  const hostPart = slash === -1 ? connect : connect.slice(0, slash);
  let chroot: string | undefined = slash === -1 ? undefined : connect.slice(slash);
  if (chroot === '/') chroot = undefined;
  if (chroot !== undefined) assertValidPath(chroot, 'connect');
  const hosts = hostPart.split(',').map((entry) => {
    const e = entry.trim();
    const colon = e.lastIndexOf(':');
    const host = colon === -1 ? e : e.slice(0, colon);
    const port = colon === -1 ? 2181 : Number(e.slice(colon + 1));
    if (!host || !Number.isInteger(port) || port < 1 || port > 65535) {
      throw new InvalidArgumentError(`invalid server "${e}" in connect string`);
    }
    return { host, port };
  });
  return { hosts, chroot };
}
