/**
 * Resolves after `ms`. The timer is deliberately ref'd: while a caller polls
 * a server that does not keep Node alive (unref'd child), this timer is what
 * keeps the process running until the poll ends.
 */
export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
