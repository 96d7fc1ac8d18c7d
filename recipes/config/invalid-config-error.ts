import { ZkError } from '../../src/errors/index.js';

/** Which step refused a config value. */
export type ConfigStage = 'encode' | 'decode' | 'validate';

/**
 * A config value that could not be encoded, decoded or validated. Its `cause` is
 * what the codec or validator threw (a zod error, a SyntaxError, ...). The code
 * is `INVALID_ARGUMENT`: the value, not ZooKeeper, is at fault.
 */
export class InvalidConfigError extends ZkError {
  /** The step that failed. */
  readonly stage: ConfigStage;
  /** The znode version that held the value, when it came from ZooKeeper. */
  readonly version: number | undefined;

  constructor(stage: ConfigStage, path: string, cause: unknown, version?: number) {
    const reason = cause instanceof Error ? cause.message : String(cause);
    super('INVALID_CONFIG', `Config at ${path}${version === undefined ? '' : ` (version ${version})`} failed to ${stage}: ${reason}`, { op: `config.${stage}`, path, cause });
    this.stage = stage;
    this.version = version;
  }
}
