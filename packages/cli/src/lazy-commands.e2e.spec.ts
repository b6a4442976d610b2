// Each command's module loads when the command runs (cli.ts): `tally invoices` must not load the
// proofs, the report, the dashboard or the stores' clients, which cost every command start-up
// time. A module resolution hook in the child process lists every module it resolves.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { sampleEvents, tempFile, toJsonl } from './fixtures/sample-log.spec-helper.js';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const OTHER_PACKAGES = /\/packages\/(proofs|report|dashboard|eventstoredb|postgres)\//;
let logPath = '';
let hooksDir = '';

beforeAll(async () => {
  logPath = await tempFile('events.jsonl', toJsonl(sampleEvents()));
  const hooks = await tempFile(
    'hooks.mjs',
    [
      "import { appendFileSync } from 'node:fs';",
      'let log;',
      'export async function initialize(data) { log = data.log; }',
      'export async function resolve(specifier, context, next) {',
      '  const resolved = await next(specifier, context);',
      "  appendFileSync(log, resolved.url + '\\n');",
      '  return resolved;',
      '}',
    ].join('\n'),
  );
  hooksDir = dirname(hooks);
});

/** The modules `tally ARGS` resolves, run from the sources as the other e2e tests run it. */
async function modulesOf(args: string[]): Promise<string[]> {
  const log = join(hooksDir, `resolved-${args[0]}.txt`);
  const register = await tempFile(
    `register-${args[0]}.mjs`,
    `import { register } from 'node:module';\nregister(${JSON.stringify(pathToFileURL(join(hooksDir, 'hooks.mjs')).href)}, { data: { log: ${JSON.stringify(log)} } });\n`,
  );
  const result = spawnSync(
    process.execPath,
    ['--import', 'tsx', '--import', pathToFileURL(register).href, 'packages/cli/src/bin.ts', ...args],
    { cwd: root, encoding: 'utf8' },
  );
  expect(result.status, result.stderr).toBe(0);
  return readFileSync(log, 'utf8')
    .split('\n')
    .filter((url) => url !== '');
}

describe('the commands load what they use', () => {
  it('tally invoices loads the domain and the ledger, not the other packages', async () => {
    const range = ['--from', '2026-02-01', '--to', '2026-12-31'];
    const modules = await modulesOf(['invoices', '--events', logPath, '--org', 'acme', ...range, '--quiet']);
    expect(modules.some((url) => url.includes('/packages/domain/'))).toBe(true);
    expect(modules.filter((url) => OTHER_PACKAGES.test(url))).toEqual([]);
  });

  it('tally export loads the proofs (the hook sees a package a command uses)', async () => {
    const out = join(hooksDir, 'sealed.jsonl');
    const modules = await modulesOf([
      'export',
      '--events',
      logPath,
      '--org',
      'acme',
      '--out',
      out,
      '--quiet',
    ]);
    expect(modules.some((url) => url.includes('/packages/proofs/'))).toBe(true);
  });
});
