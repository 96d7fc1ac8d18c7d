import { existsSync } from 'node:fs';
import { mkdir, readFile, readdir, rm, rmdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
// Read-only use of the testing module's config writers (not exported from its
// index): the same zoo.cfg and logging setup as TestingCluster, not a copy.
import { renderZooCfg, writeLoggingConfig } from '../../testing/server-config.js';
import { CliError } from '../cli-error.js';

/** One member as written into every member's zoo.cfg. */
export interface MemberSpec {
  id: number;
  clientPort: number;
  peerPort: number;
  electionPort: number;
  observer: boolean;
}

/** What `ensemble up` decided, kept in `<dir>/ensemble.json` for later invocations. */
export interface EnsembleManifest {
  format: 1;
  tickTimeMs: number;
  extendedTypes: boolean;
  members: MemberSpec[];
  createdAt: string;
}

const MANIFEST = 'ensemble.json';
const DEFAULT_DIR = 'zkr-ensemble';

/**
 * The files of a local ensemble under one directory:
 * `ensemble.json`, and per member `server-<id>/` with `zoo.cfg`, the logging
 * config, `data/myid`, `zookeeper.log` and `zookeeper.pid`.
 */
export class EnsembleLayout {
  /** Absolute directory. */
  readonly dir: string;

  constructor(dir: string) {
    this.dir = resolve(dir);
  }

  /** `--dir`, else `$ZKR_ENSEMBLE_DIR`, else `./zkr-ensemble`. */
  static locate(flag: string | undefined, cwd: string, env: NodeJS.ProcessEnv): EnsembleLayout {
    return new EnsembleLayout(resolve(cwd, flag ?? env.ZKR_ENSEMBLE_DIR ?? DEFAULT_DIR));
  }

  memberDir(id: number): string { return join(this.dir, `server-${id}`); }
  cfgFile(id: number): string { return join(this.memberDir(id), 'zoo.cfg'); }
  dataDir(id: number): string { return join(this.memberDir(id), 'data'); }
  logFile(id: number): string { return join(this.memberDir(id), 'zookeeper.log'); }
  pidFile(id: number): string { return join(this.memberDir(id), 'zookeeper.pid'); }

  /** True if an ensemble was set up here. */
  hasManifest(): boolean {
    return existsSync(join(this.dir, MANIFEST));
  }

  /** @throws CliError NO_ENSEMBLE when nothing was set up here */
  async read(): Promise<EnsembleManifest> {
    let text: string;
    try {
      text = await readFile(join(this.dir, MANIFEST), 'utf8');
    } catch {
      throw new CliError(`no ensemble in ${this.dir} (start one with: zkr ensemble up --dir ${this.dir})`, 'NO_ENSEMBLE');
    }
    const manifest = JSON.parse(text) as EnsembleManifest;
    if (manifest.format !== 1 || !Array.isArray(manifest.members)) {
      throw new CliError(`${join(this.dir, MANIFEST)} was not written by this version of zkr`, 'BAD_ENSEMBLE');
    }
    return manifest;
  }

  /** Writes the manifest and every member's zoo.cfg, myid and logging config. */
  async create(manifest: EnsembleManifest): Promise<void> {
    await mkdir(this.dir, { recursive: true });
    const peers = manifest.members.map((m) => ({ id: m.id, peerPort: m.peerPort, electionPort: m.electionPort, observer: m.observer }));
    for (const m of manifest.members) {
      await mkdir(this.dataDir(m.id), { recursive: true });
      await writeFile(join(this.dataDir(m.id), 'myid'), `${m.id}\n`);
      await writeLoggingConfig(this.memberDir(m.id));
      await writeFile(this.cfgFile(m.id), renderZooCfg({
        tickTimeMs: manifest.tickTimeMs, dataDir: this.dataDir(m.id), clientPort: m.clientPort, peers, observer: m.observer,
      }));
    }
    await writeFile(join(this.dir, MANIFEST), `${JSON.stringify(manifest, null, 2)}\n`);
  }

  /** Removes what {@link create} wrote, and the directory if nothing else is left in it. */
  async remove(manifest: EnsembleManifest): Promise<void> {
    for (const m of manifest.members) await rm(this.memberDir(m.id), { recursive: true, force: true });
    await rm(join(this.dir, MANIFEST), { force: true });
    if ((await readdir(this.dir).catch(() => ['?'])).length === 0) await rmdir(this.dir).catch(() => undefined);
  }

  /** Every member's client address: a connect string for the whole ensemble. */
  static connectString(manifest: EnsembleManifest): string {
    return manifest.members.map((m) => `127.0.0.1:${m.clientPort}`).join(',');
  }
}
