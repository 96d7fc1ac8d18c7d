#!/usr/bin/env node
/**
 * `zkr`: zkCli's commands, views of the recipes and a local ensemble, on
 * ZkClient. See docs/cli.md.
 */
import { main } from './main.js';

// exitCode rather than process.exit(): stdout may still be flushing to a pipe.
process.exitCode = await main(process.argv.slice(2), {
  stdin: process.stdin, stdout: process.stdout, stderr: process.stderr, env: process.env, cwd: process.cwd(),
});
