/**
 * The standard `AbortError` (a `DOMException` named "AbortError"), or the
 * signal's own reason when the caller aborted with one.
 */
export function abortError(signal: AbortSignal | undefined): unknown {
  const reason: unknown = signal?.reason;
  if (reason !== undefined) return reason;
  return new DOMException('The operation was aborted', 'AbortError');
}

/** True for the standard AbortError (or a DOMException TimeoutError from AbortSignal.timeout). */
export function isAbortError(e: unknown): boolean {
  return e instanceof Error && (e.name === 'AbortError');
}
