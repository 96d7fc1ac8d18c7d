import { accessSync, constants, existsSync, readdirSync, statSync } from 'node:fs';
import { delimiter, join } from 'node:path';

/** Where the ZooKeeper server and the JVM that runs it were found. */
export interface ZooKeeperInstall {
  /** Absolute path of the `java` executable. */
  readonly java: string;
  /** Class path entries, in order: configuration directories first, then jars. */
  readonly classPath: readonly string[];
  /** Which kind of installation was found. */
  readonly source: 'ZOOKEEPER_HOME' | 'debian';
}

/** What is missing when {@link ZooKeeperNotInstalledError} is thrown. */
export type MissingComponent = 'zookeeper' | 'java';

const APT_ZOOKEEPER = 'apt-get update && apt-get install -y zookeeper';
const APT_JAVA = 'apt-get update && apt-get install -y default-jre-headless';

/**
 * Thrown when the ZooKeeper server jars or a Java runtime cannot be found.
 * One class for both, because a test suite wants a single thing to catch
 * ("no real ZooKeeper here"); `missing` tells which part it was.
 */
export class ZooKeeperNotInstalledError extends Error {
  /** Stable code for programs; the message is for people. */
  readonly code = 'ZOOKEEPER_NOT_INSTALLED' as const;
  /** The part that was not found. */
  readonly missing: MissingComponent;

  constructor(missing: MissingComponent, detail: string) {
    const fix =
      missing === 'java'
        ? `Install a Java runtime (Debian: \`${APT_JAVA}\`, any JDK/JRE 11+ works) or set JAVA_HOME.`
        : `Install it with \`${APT_ZOOKEEPER}\` (Debian/Ubuntu), or unpack an Apache ZooKeeper ` +
          'binary release and set ZOOKEEPER_HOME to its directory.';
    super(`${detail} ${fix}`);
    this.name = 'ZooKeeperNotInstalledError';
    this.missing = missing;
  }
}

const DEBIAN_JAR = '/usr/share/java/zookeeper.jar';
const DEBIAN_CONF = '/etc/zookeeper/conf';
/**
 * Debian's zookeeper.jar lists its dependencies in its manifest but no SLF4J
 * binding, so the server would log nothing at all (SLF4J's NOP logger). These
 * two jars, when present, give it log4j 1.2 and so a readable server log.
 */
const DEBIAN_LOG_JARS = ['/usr/share/java/slf4j-log4j12.jar', '/usr/share/java/log4j-1.2.jar'];

/** True for the server jar itself, not zookeeper-jute, -recipes etc. */
function isServerJar(name: string): boolean {
  return name === 'zookeeper.jar' || /^zookeeper-\d[\w.-]*\.jar$/.test(name);
}

function jarsIn(dir: string): string[] {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) return [];
  return readdirSync(dir)
    .filter((name) => name.endsWith('.jar'))
    .sort()
    .map((name) => join(dir, name));
}

function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

/** JAVA_HOME first (what the user chose), then the PATH. */
function findJava(env: NodeJS.ProcessEnv): string {
  if (env.JAVA_HOME) {
    const candidate = join(env.JAVA_HOME, 'bin', 'java');
    if (isExecutable(candidate)) return candidate;
  }
  for (const dir of (env.PATH ?? '').split(delimiter)) {
    if (!dir) continue;
    const candidate = join(dir, 'java');
    if (isExecutable(candidate)) return candidate;
  }
  throw new ZooKeeperNotInstalledError(
    'java',
    'No `java` executable was found on the PATH (nor in $JAVA_HOME/bin); the ZooKeeper server needs one.',
  );
}

function fromZooKeeperHome(home: string): string[] {
  const jars = [...jarsIn(home), ...jarsIn(join(home, 'lib'))];
  const names = jars.map((jar) => jar.slice(jar.lastIndexOf('/') + 1));
  if (!names.some(isServerJar)) {
    throw new ZooKeeperNotInstalledError(
      'zookeeper',
      `ZOOKEEPER_HOME is set to ${home}, but neither it nor its lib/ holds a ZooKeeper server jar.`,
    );
  }
  const conf = join(home, 'conf');
  return existsSync(conf) ? [conf, ...jars] : jars;
}

function fromDebian(): string[] {
  if (!existsSync(DEBIAN_JAR)) {
    throw new ZooKeeperNotInstalledError(
      'zookeeper',
      `No ZooKeeper server found: ZOOKEEPER_HOME is not set and ${DEBIAN_JAR} does not exist.`,
    );
  }
  const conf = existsSync(DEBIAN_CONF) ? [DEBIAN_CONF] : [];
  const logging = DEBIAN_LOG_JARS.every((jar) => existsSync(jar)) ? DEBIAN_LOG_JARS : [];
  return [...conf, DEBIAN_JAR, ...logging];
}

/**
 * Finds a ZooKeeper server and a JVM to run it: `$ZOOKEEPER_HOME` (its jars,
 * lib/ jars and conf/) when set, else the Debian package layout
 * (/usr/share/java/zookeeper.jar and /etc/zookeeper/conf).
 *
 * @throws ZooKeeperNotInstalledError when either is missing; the message says how to install it.
 */
export function locateZooKeeper(env: NodeJS.ProcessEnv = process.env): ZooKeeperInstall {
  // The server is checked before Java so that a bad ZOOKEEPER_HOME is reported
  // as such even on a machine without Java.
  const home = env.ZOOKEEPER_HOME;
  const classPath = home ? fromZooKeeperHome(home) : fromDebian();
  return { java: findJava(env), classPath, source: home ? 'ZOOKEEPER_HOME' : 'debian' };
}
