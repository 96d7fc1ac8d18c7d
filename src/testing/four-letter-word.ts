import { connect } from 'node:net';

/** Options for {@link fourLetterWord}. */
export interface FourLetterWordOptions {
  /** Give up (reject) after this long; default 2,000 ms. */
  readonly timeoutMs?: number;
}

/**
 * Sends a ZooKeeper "four letter word" command (`ruok`, `srvr`, `stat`,
 * `mntr`, `cons`, `wchc`, `wchs`, ...) and resolves with the server's whole
 * reply as text. The server must allow it (`4lw.commands.whitelist`); the
 * servers started by this module allow all of them.
 *
 * Rejects if the connection fails or no complete reply arrives in time. A
 * command the server refuses resolves with the server's explanation text
 * (e.g. "... is not executed because it is not in the whitelist."), because
 * that is what the server sent.
 */
export function fourLetterWord(
  host: string,
  port: number,
  command: string,
  options: FourLetterWordOptions = {},
): Promise<string> {
  if (!/^[a-z]{4}$/.test(command)) {
    return Promise.reject(new TypeError(`not a four letter word: ${JSON.stringify(command)}`));
  }
  const timeoutMs = options.timeoutMs ?? 2_000;
  return new Promise<string>((resolve, reject) => {
    const chunks: Buffer[] = [];
    const socket = connect({ host, port });
    // The server closes the connection once it has written the reply, so the
    // reply is complete only at 'end'; a timer bounds a server that hangs.
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`four letter word ${command} to ${host}:${port} timed out after ${timeoutMs} ms`));
    }, timeoutMs);
    socket.on('connect', () => socket.end(command));
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    socket.on('end', () => {
      clearTimeout(timer);
      resolve(Buffer.concat(chunks).toString('utf8'));
    });
    socket.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
  });
}
