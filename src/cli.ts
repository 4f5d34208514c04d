import { runCli } from './cli/main.js';

/**
 * `npx payorders …`: the operator CLI (merchants, stores, branches, users, API keys, migrations).
 * Started by bin/payorders.js; the commands live in src/cli/.
 */
const code = await runCli(process.argv.slice(2), { stdin: process.stdin, stdout: process.stdout, stderr: process.stderr });
process.exitCode = code;
