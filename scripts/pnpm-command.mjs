// The pinned pnpm (package.json's packageManager) as a command and its leading arguments: the
// one on PATH when it is that version, else the same version fetched through npx.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

const rootManifest = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
export const PINNED_PNPM = String(rootManifest.packageManager).replace(/^pnpm@/, '');

/** `[command, prefixArguments]` that run the pinned pnpm. */
export function pnpmCommand() {
  const probe = spawnSync('pnpm', ['--version'], { encoding: 'utf8', shell: process.platform === 'win32' });
  if (probe.status === 0 && probe.stdout.trim() === PINNED_PNPM) return ['pnpm', []];
  return ['npx', ['--yes', `pnpm@${PINNED_PNPM}`]];
}
