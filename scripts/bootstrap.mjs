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

const [pnpm, prefix] = pnpmCommand();
const installStatus = run(pnpm, [...prefix, 'install', '--frozen-lockfile', '--reporter=append-only']);
if (installStatus !== 0) process.exit(installStatus);
process.exit(run(pnpm, [...prefix, 'run', script, ...args]));
