import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const BENCH_DIR = dirname(dirname(fileURLToPath(import.meta.url)));
const REPO_DIR = dirname(BENCH_DIR);

/** The drivers, in table order. */
export const DRIVER_NAMES = ['zk-recipes', 'floor', 'curator', 'kazoo'] as const;
export type DriverName = (typeof DRIVER_NAMES)[number];

/** Debian's Curator 5.4 classpath (as test/interop/java-peer.ts). */
const CURATOR_JARS = [
  'curator-recipes', 'curator-framework', 'curator-client', 'curator-x-discovery', 'zookeeper', 'zookeeper-jute',
  'guava', 'jackson-databind', 'jackson-core', 'jackson-annotations', 'slf4j-api', 'slf4j-nop',
].map((j) => `/usr/share/java/${j}.jar`);

const PYTHON = '/usr/bin/python3';

/** How to run one driver. */
export interface DriverSpec {
  name: DriverName;
  /** Why it cannot run here, or `undefined`. */
  unavailable(): string | undefined;
  /** One-time preparation (compiling the Java driver). */
  prepare(): void;
  /** The command line for one run. */
  command(args: readonly string[]): { file: string; argv: string[] };
}

function tsDriver(name: 'zk-recipes' | 'floor'): DriverSpec {
  return {
    name,
    unavailable: () => undefined,
    prepare: () => {},
    command: (args) => ({
      file: process.execPath,
      argv: ['--import', 'tsx', '--expose-gc', join(BENCH_DIR, 'drivers', name, 'main.ts'), ...args],
    }),
  };
}

let curatorClasses: string | undefined;

const curator: DriverSpec = {
  name: 'curator',
  unavailable() {
    if (spawnSync('javac', ['-version']).status !== 0) return 'javac not found (apt-get install default-jdk-headless)';
    const missing = CURATOR_JARS.filter((j) => !existsSync(j));
    return missing.length ? `missing ${missing.join(', ')} (apt-get install libcurator-recipes-java libcurator-discovery-java)` : undefined;
  },
  prepare() {
    // Compiled once per content hash of the sources, under the temp dir.
    const sourceDir = join(BENCH_DIR, 'drivers', 'curator');
    const sources = readdirSync(sourceDir).filter((f) => f.endsWith('.java')).sort().map((f) => join(sourceDir, f));
    const hash = createHash('sha256');
    for (const f of sources) hash.update(readFileSync(f));
    const out = join(tmpdir(), `zk-recipes-bench-curator-${hash.digest('hex').slice(0, 16)}`);
    if (!existsSync(join(out, '.done'))) {
      mkdirSync(out, { recursive: true });
      const r = spawnSync('javac', ['-implicit:none', '-nowarn', '-cp', CURATOR_JARS.join(':'), '-d', out, ...sources], { encoding: 'utf8' });
      if (r.status !== 0) throw new Error(`javac failed:\n${r.stderr}`);
      writeFileSync(join(out, '.done'), '');
    }
    curatorClasses = out;
  },
  command(args) {
    if (!curatorClasses) throw new Error('curator driver not prepared');
    return { file: 'java', argv: ['-Xmx512m', '-cp', [curatorClasses, ...CURATOR_JARS].join(':'), 'CuratorBench', ...args] };
  },
};

const kazoo: DriverSpec = {
  name: 'kazoo',
  unavailable() {
    const r = spawnSync(PYTHON, ['-c', 'import kazoo'], { encoding: 'utf8' });
    return r.status === 0 ? undefined : 'python3-kazoo not installed (apt-get install python3-kazoo)';
  },
  prepare: () => {},
  command: (args) => ({ file: PYTHON, argv: ['-B', join(BENCH_DIR, 'drivers', 'kazoo', 'bench_kazoo.py'), ...args] }),
};

/** Every driver's spec, by name. */
export const DRIVERS: Readonly<Record<DriverName, DriverSpec>> = {
  'zk-recipes': tsDriver('zk-recipes'),
  floor: tsDriver('floor'),
  curator,
  kazoo,
};

/** The repository root (drivers run with it as working directory). */
export const REPO_ROOT = REPO_DIR;
