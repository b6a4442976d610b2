// `node ../../scripts/build-package.mjs` from a package folder: compiles it into dist/ without a
// moment in which dist/ is missing or half-written. tsc writes dist.next/, which replaces dist/
// only when the compile succeeded; a failed compile leaves the last good dist/ in place (with the
// old clean-then-compile, a type error left the workspace without the package until fixed).
import { spawnSync } from 'node:child_process';
import { existsSync, renameSync, rmSync } from 'node:fs';

const next = 'dist.next';
const old = 'dist.old';
rmSync(next, { recursive: true, force: true });
const compiled = spawnSync('tsc', ['-p', 'tsconfig.build.json', '--outDir', next], { stdio: 'inherit' });
if (compiled.error !== undefined || compiled.status !== 0) {
  rmSync(next, { recursive: true, force: true });
  if (compiled.error !== undefined) console.error(`build: cannot run tsc: ${compiled.error.message}`);
  process.exit(compiled.status ?? 1);
}
rmSync(old, { recursive: true, force: true });
if (existsSync('dist')) renameSync('dist', old);
renameSync(next, 'dist');
rmSync(old, { recursive: true, force: true });
