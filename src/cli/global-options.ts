import { parseArgs } from 'node:util';
import type { AuthInfo } from '../client/index.js';
import { UsageError } from './cli-error.js';

/** Options given before the command. */
export interface GlobalOptions {
  connect: string;
  json: boolean;
  debug: boolean;
  timeoutMs: number;
  auth: AuthInfo[];
  help: boolean;
  version: boolean;
  /** The command and its arguments; empty for the interactive shell. */
  command: string[];
}

const DEFAULT_CONNECT = '127.0.0.1:2181';
const DEFAULT_TIMEOUT_MS = 10_000;

const OPTIONS = {
  server: { type: 'string', short: 's' },
  json: { type: 'boolean' },
  debug: { type: 'boolean' },
  timeout: { type: 'string' },
  auth: { type: 'string', multiple: true },
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean' },
} as const;

/** Options that take a value, so the scan below knows to skip it. */
const WITH_VALUE = new Set(['-s', '--server', '--timeout', '--auth']);

/**
 * Splits `argv` into the global options and the command: everything up to the
 * first word that is not an option belongs to zkr, the rest to the command
 * (so `zkr -s h:1 ls -s /` gives `-s` to each). zkCli's `-server` is accepted.
 */
export function parseGlobalOptions(argv: readonly string[], env: NodeJS.ProcessEnv): GlobalOptions {
  const words = argv.map((w) => (w === '-server' ? '--server' : w));
  let i = 0;
  while (i < words.length && words[i].startsWith('-') && words[i] !== '-') {
    if (words[i] === '--') break;
    if (WITH_VALUE.has(words[i])) i += 1;
    i += 1;
  }
  let values;
  try {
    ({ values } = parseArgs({ args: words.slice(0, i), options: OPTIONS, strict: true, allowPositionals: false }));
  } catch (error) {
    throw new UsageError(((error as Error).message.split('\n')[0] ?? '').replace(/\. To specify.*$/, ''));
  }
  const command = words.slice(words[i] === '--' ? i + 1 : i);
  const timeoutText = values.timeout;
  const timeoutMs = timeoutText === undefined ? DEFAULT_TIMEOUT_MS : Number(timeoutText);
  if (!Number.isInteger(timeoutMs) || timeoutMs < 1) throw new UsageError(`--timeout must be a positive integer (ms), got "${timeoutText}"`);
  const auth = (values.auth ?? []).map((text) => {
    const colon = text.indexOf(':');
    if (colon <= 0) throw new UsageError(`--auth must be scheme:credentials (e.g. digest:user:password), got "${text}"`);
    return { scheme: text.slice(0, colon), credentials: text.slice(colon + 1) };
  });
  return {
    connect: values.server ?? env.ZK_CONNECT ?? DEFAULT_CONNECT,
    json: values.json === true,
    debug: values.debug === true,
    timeoutMs,
    auth,
    help: values.help === true,
    version: values.version === true,
    command,
  };
}
