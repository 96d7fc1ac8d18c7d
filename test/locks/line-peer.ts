import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { createInterface } from 'node:readline';

/**
 * A peer program (a kazoo script) driven line by line, like test/interop's
 * JavaPeer: a command line in, one reply line out; lines starting with
 * `EVENT ` are unsolicited and collected in `events`.
 */
export class LinePeer {
  readonly events: string[] = [];
  private readonly replies: string[] = [];
  private wake: (() => void) | undefined;
  private exited = false;
  private stderr = '';

  constructor(private readonly child: ChildProcessWithoutNullStreams) {
    createInterface({ input: child.stdout }).on('line', (line) => {
      if (line.startsWith('EVENT ')) this.events.push(line.slice(6));
      else this.replies.push(line);
      this.wake?.();
    });
    child.stderr.on('data', (d: Buffer) => { this.stderr += d.toString(); });
    child.on('exit', () => { this.exited = true; this.wake?.(); });
  }

  /** Starts `command args`. */
  static start(command: string, args: string[]): LinePeer {
    return new LinePeer(spawn(command, args, { stdio: 'pipe' }));
  }

  /** Sends one command line and resolves with the next reply line. */
  async request(line: string, timeoutMs = 20_000): Promise<string> {
    this.child.stdin.write(`${line}\n`);
    return this.nextReply(timeoutMs);
  }

  /** The next reply line. */
  async nextReply(timeoutMs = 20_000): Promise<string> {
    await this.until(() => this.replies.length > 0, timeoutMs, 'a reply');
    return this.replies.shift()!;
  }

  /** Removes and returns the oldest event (waiting for one). */
  async nextEvent(timeoutMs = 20_000): Promise<string> {
    await this.until(() => this.events.length > 0, timeoutMs, 'an event');
    return this.events.shift()!;
  }

  private async until(ready: () => boolean, timeoutMs: number, what: string): Promise<void> {
    const end = Date.now() + timeoutMs;
    while (!ready()) {
      if (this.exited) throw new Error(`peer exited; stderr:\n${this.stderr}`);
      const left = end - Date.now();
      if (left <= 0) throw new Error(`no ${what} from the peer within ${timeoutMs} ms; stderr:\n${this.stderr}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.wake = () => { clearTimeout(timer); resolve(); };
      });
      this.wake = undefined;
    }
  }

  /** Ends the program. */
  async stop(): Promise<void> {
    if (this.exited) return;
    const done = new Promise<void>((resolve) => this.child.once('exit', () => resolve()));
    this.child.kill('SIGTERM');
    await done;
  }
}
