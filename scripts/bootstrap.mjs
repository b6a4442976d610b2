#!/usr/bin/env node
// Entry point of the README's two commands (`npm run demo`, `npm test`): on a machine with only
// Node and npm it fetches the pinned pnpm through npx, installs the workspace, then runs the
// named package script with pnpm.
import { spawnSync } from 'node:child_process';
import { pnpmCommand } from './pnpm-command.mjs';

const [script, ...args] = process.argv.slice(2);
if (!script) {
  console.error('usage: node scripts/bootstrap.mjs <script> [args...]');
  process.exit(2);
}

function run(command, commandArgs) {
  const result = spawnSync(command, commandArgs, { stdio: 'inherit', shell: process.platform === 'win32' });
  if (result.error) throw result.error;
  return result.status ?? 1;
}

// The install's own output (a screenful of packages) is shown only when it fails.
function install(command, commandArgs) {
  process.stderr.write('Installing the workspace (pnpm install --frozen-lockfile)...\n');
  const result = spawnSync(command, commandArgs, {
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
    shell: process.platform === 'win32',
  });
  if (result.error) throw result.error;
  if (result.status !== 0) process.stderr.write(`${result.stdout}${result.stderr}`);
  return result.status ?? 1;
}

const [pnpm, prefix] = pnpmCommand();
const installStatus = install(pnpm, [...prefix, 'install', '--frozen-lockfile', '--reporter=append-only']);
if (installStatus !== 0) process.exit(installStatus);
process.exit(run(pnpm, [...prefix, '--silent', 'run', script, ...args]));
