import type { Stat } from '../../client/index.js';

/** A zxid or session id as zkCli prints it: `0x` and lower-case hex. */
export function hex(value: bigint | string): string {
  return typeof value === 'bigint' ? `0x${value.toString(16)}` : `0x${value.toLowerCase()}`;
}

/** A session id as the client reports it (`ephemeralOwner`, `sessionId`) in zkCli's form; `0x0` for none. */
export function sessionHex(owner: string | null | undefined): string {
  return owner ? hex(owner) : '0x0';
}

/** True if the stat belongs to an ephemeral node. */
export function isEphemeral(stat: Stat): boolean {
  return stat.ephemeralOwner !== '0' && stat.ephemeralOwner !== '';
}

const JAVA_DATE = new Intl.DateTimeFormat('en-US', {
  weekday: 'short', month: 'short', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit',
  hourCycle: 'h23', year: 'numeric', timeZoneName: 'short',
});

/** Epoch ms as Java's `Date.toString()` writes it (`Thu Nov 19 10:14:41 UTC 2026`), which zkCli prints. */
export function javaDate(epochMs: number): string {
  const parts = Object.fromEntries(JAVA_DATE.formatToParts(new Date(epochMs)).map((p) => [p.type, p.value]));
  return `${parts.weekday} ${parts.month} ${parts.day} ${parts.hour}:${parts.minute}:${parts.second} ${parts.timeZoneName} ${parts.year}`;
}

/** A stat in zkCli's field names, for `--json`: zxids and session ids as hex strings, times as epoch ms. */
export interface StatJson {
  cZxid: string;
  ctime: number;
  mZxid: string;
  mtime: number;
  pZxid: string;
  cversion: number;
  dataVersion: number;
  aclVersion: number;
  ephemeralOwner: string;
  dataLength: number;
  numChildren: number;
}

/** The stat with zkCli's names and hex ids. */
export function statJson(stat: Stat): StatJson {
  return {
    cZxid: hex(stat.czxid),
    ctime: stat.ctime,
    mZxid: hex(stat.mzxid),
    mtime: stat.mtime,
    pZxid: hex(stat.pzxid),
    cversion: stat.cversion,
    dataVersion: stat.version,
    aclVersion: stat.aversion,
    ephemeralOwner: sessionHex(stat.ephemeralOwner),
    dataLength: stat.dataLength,
    numChildren: stat.numChildren,
  };
}

/** The stat exactly as zkCli's `stat` prints it (`cZxid = 0x2`, `ctime = Thu ...`). */
export function statLines(stat: Stat): string[] {
  const s = statJson(stat);
  return [
    `cZxid = ${s.cZxid}`,
    `ctime = ${javaDate(s.ctime)}`,
    `mZxid = ${s.mZxid}`,
    `mtime = ${javaDate(s.mtime)}`,
    `pZxid = ${s.pZxid}`,
    `cversion = ${s.cversion}`,
    `dataVersion = ${s.dataVersion}`,
    `aclVersion = ${s.aclVersion}`,
    `ephemeralOwner = ${s.ephemeralOwner}`,
    `dataLength = ${s.dataLength}`,
    `numChildren = ${s.numChildren}`,
  ];
}
