/** Instrumentation scope of every tracer and meter the SDK creates. */
export const SDK_NAME = 'zk-recipes';
// Kept in step with package.json by test/package.test.ts.
export const SDK_VERSION = '0.1.0';
