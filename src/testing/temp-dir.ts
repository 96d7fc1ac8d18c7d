import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { trackTempDir, untrackTempDir } from './process-registry.js';

/**
 * Creates a temp directory named `zk-recipes-<kind>-XXXXXX` under the OS
 * temp dir; the prefix makes leftovers easy to find and clean by hand.
 */
export async function makeTempDir(kind: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), `zk-recipes-${kind}-`));
  trackTempDir(dir);
  return dir;
}

/** Removes a directory made by {@link makeTempDir}. */
export async function removeTempDir(dir: string): Promise<void> {
  await rm(dir, { recursive: true, force: true, maxRetries: 3 });
  untrackTempDir(dir);
}
