import { spawn, spawnSync, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

/** Debian's Curator 5.4 classpath (FACTS.md): what a Curator peer needs. */
const CURATOR_JARS = [
  'curator-recipes', 'curator-framework', 'curator-client', 'curator-x-discovery', 'zookeeper', 'zookeeper-jute',
  'guava', 'jackson-databind', 'jackson-core', 'jackson-annotations', 'slf4j-api', 'slf4j-nop',
].map((j) => `/usr/share/java/${j}.jar`);

/** Why Curator interop cannot run here, or `undefined` when it can. */
export function curatorUnavailable(): string | undefined {
  if (spawnSync('javac', ['-version']).status !== 0) return 'javac not found (apt-get install default-jdk-headless)';
  const missing = CURATOR_JARS.filter((j) => !existsSync(j));
  if (missing.length) return `missing ${missing.join(', ')} (apt-get install libcurator-recipes-java libcurator-discovery-java)`;
  return undefined;
}

/**
 * Compiles Java sources (once per content hash, cached under the temp dir) against
 * Debian's Curator jars and returns the class directory.
 */
export function compileJava(sourceFiles: string[]): string {
  const hash = createHash('sha256');
  for (const f of sourceFiles) hash.update(readFileSync(f));
  const out = join(tmpdir(), `zk-recipes-java-${hash.digest('hex').slice(0, 16)}`);
  if (existsSync(join(out, '.done'))) return out;
  mkdirSync(out, { recursive: true });
  const r = spawnSync('javac', ['-implicit:none', '-nowarn', '-cp', CURATOR_JARS.join(':'), '-d', out, ...sourceFiles], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`javac failed:\n${r.stderr}`);
  spawnSync('touch', [join(out, '.done')]);
  return out;
}

/**
 * A Java program (a Curator peer) driven line by line: the test writes a command
 * line to its stdin, the program answers one line on stdout. Lines starting with
 * `EVENT ` are unsolicited and collected in `events`.
 */
export class JavaPeer {
  readonly events: string[] = [];
  private readonly replies: string[] = [];
  private waiter: (() => void) | undefined;
  private exited = false;
  private stderr = '';

  private constructor(private readonly child: ChildProcessWithoutNullStreams) {
    const lines = createInterface({ input: child.stdout });
    lines.on('line', (line) => {
      if (line.startsWith('EVENT ')) this.events.push(line.slice(6));
      else this.replies.push(line);
      this.waiter?.();
    });
    child.stderr.on('data', (d: Buffer) => { this.stderr += d.toString(); });
    child.on('exit', () => { this.exited = true; this.waiter?.(); });
  }

  /** Starts `mainClass` from `classDir` with `args`. */
  static start(classDir: string, mainClass: string, args: string[]): JavaPeer {
    const child = spawn('java', ['-Xmx128m', '-XX:+UseSerialGC', '-XX:TieredStopAtLevel=1', '-cp', [classDir, ...CURATOR_JARS].join(':'), mainClass, ...args], { stdio: 'pipe' });
    return new JavaPeer(child);
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  /** Sends one command line and resolves with the next reply line. */
  async request(line: string, timeoutMs = 20_000): Promise<string> {
    this.child.stdin.write(`${line}\n`);
    return this.nextReply(timeoutMs);
  }

  /** The next reply line (for programs that print on their own, like "READY"). */
  async nextReply(timeoutMs = 20_000): Promise<string> {
    const end = Date.now() + timeoutMs;
    while (this.replies.length === 0) {
      if (this.exited) throw new Error(`java peer exited; stderr:\n${this.stderr}`);
      const left = end - Date.now();
      if (left <= 0) throw new Error(`java peer did not answer within ${timeoutMs} ms; stderr:\n${this.stderr}`);
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, left);
        this.waiter = () => { clearTimeout(t); resolve(); };
      });
      this.waiter = undefined;
    }
    return this.replies.shift()!;
  }

  /** Resolves when an event line matching `predicate` has arrived. */
  async waitForEvent(predicate: (e: string) => boolean, timeoutMs = 20_000): Promise<string> {
    const end = Date.now() + timeoutMs;
    for (;;) {
      const found = this.events.find(predicate);
      if (found) return found;
      if (this.exited) throw new Error(`java peer exited; stderr:\n${this.stderr}`);
      if (Date.now() > end) throw new Error(`no matching event within ${timeoutMs} ms; events: ${this.events.join(' | ')}`);
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  /** Kills the program (SIGKILL: its session ends by timeout) or lets it exit. */
  async stop(signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
    if (this.exited) return;
    const done = new Promise<void>((resolve) => this.child.once('exit', () => resolve()));
    this.child.kill(signal);
    await done;
  }
}

/** Why kazoo interop cannot run here, or `undefined` when it can. */
export function kazooUnavailable(): string | undefined {
  const r = spawnSync('/usr/bin/python3', ['-c', 'import kazoo'], { encoding: 'utf8' });
  return r.status === 0 ? undefined : 'python3-kazoo not installed (apt-get install python3-kazoo)';
}
