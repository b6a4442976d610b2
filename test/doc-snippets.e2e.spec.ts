// Every command and program that README.md, packages/*/README.md and docs/*.md show must run as
// written. The rules, for whoever writes those files:
//
// - ```sh blocks. A block with lines starting with `$ ` is a session: each `$ ` line (continued
//   over lines ending in `\`) is a command, and the lines after it, up to the next `$ ` line or
//   the block's end, are its output (stdout, then stderr). The output must match exactly; when
//   its last line is `...` only the lines before it must match (the output was shortened);
//   CRLF line ends (csv) compare as LF. The host's time-zone database version (Node's
//   `process.versions.tz`, which an issued invoice's manifest and a verifier's notes name) reads
//   as DOCUMENTED_TZDB, the one the documents were written on: outputs differ by Node release.
//   Every command of a session is run: `tally` (the CLI), and `head` and `sed` to show or prepare
//   files; any other command in a session fails this test. In a block without `$ ` each line
//   (continued over `\`) is a command without output shown, and only those starting with
//   `tally` or `pnpm --silent tally` are run (`npm test`, `docker run` and the like set up the
//   repository or a server and are not run here).
// - A command must exit 0, or N when it ends with the comment `# exit N`.
// - `tally` and `pnpm --silent tally` are the CLI from its sources (what `pnpm tally` runs). Each
//   documentation file gets a fresh temporary folder as the working directory, in which
//   `examples` is the repository's, so commands read the shipped files as from the repository
//   root and what they write (`--out report.html`) stays out of the repository. A file's
//   commands run in their order, so a later one can read what an earlier one wrote.
// - A command with `--esdb` must use `esdb://localhost:2113?tls=false` (the address of a local
//   server, and of `examples/eventstoredb/test-server.ts`, the documented way to get one); it is
//   run against that test server, started here on a free port, whose connection string replaces
//   the documented one.
// - ```bash blocks are scripts, run whole in the same folder at their place in the file; a plain
//   ``` block right after one is its output. Those that use jq are skipped when jq is missing.
// - ```ts blocks that import something are programs: they are compiled together, each as an ES
//   module, with the repository's compiler settings and the packages' sources; a type error in
//   one fails it. A ```ts block without an import is a sketch (signatures, the shape of a value,
//   a fragment whose inputs are not shown) and is not compiled.
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import {
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('..', import.meta.url));
const tsx = join(root, 'node_modules/.bin/tsx');
const tsc = join(root, 'node_modules/.bin/tsc');

const DOCUMENTED_ESDB = 'esdb://localhost:2113?tls=false';
const SESSION_HELPERS = new Set(['head', 'sed']);
const TALLY = /^(pnpm --silent )?tally(\s|$)/;
const EXIT = /\s+# exit (\d+)$/;

function documentationFiles(): string[] {
  const packages = readdirSync(join(root, 'packages'), { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => `packages/${entry.name}/README.md`)
    .filter((path) => exists(path));
  const docs = readdirSync(join(root, 'docs'))
    .filter((name) => name.endsWith('.md'))
    .map((name) => `docs/${name}`);
  return ['README.md', ...packages.sort(), ...docs.sort()];
}

function exists(path: string): boolean {
  try {
    readFileSync(join(root, path));
    return true;
  } catch {
    return false;
  }
}

interface Fence {
  readonly file: string;
  /** 1-based line of the opening fence. */
  readonly line: number;
  /** The info string: `sh`, `ts`, `bash`, or '' for a plain block. */
  readonly info: string;
  readonly body: readonly string[];
  /** Only blank lines between the previous fence's end and this one. */
  readonly followsFence: boolean;
}

function fencesOf(file: string): Fence[] {
  const lines = readFileSync(join(root, file), 'utf8').split('\n');
  const fences: Fence[] = [];
  let lastEnd = -2;
  for (let i = 0; i < lines.length; i++) {
    // A fence may be indented (inside a list item); its lines lose that indentation.
    const opening = /^( *)```(\S*)/.exec(lines[i] as string);
    if (opening === null) continue;
    const indent = (opening[1] as string).length;
    const start = i;
    const body: string[] = [];
    for (i += 1; i < lines.length && !(lines[i] as string).trimStart().startsWith('```'); i++) {
      const text = lines[i] as string;
      body.push(text.slice(Math.min(indent, text.length - text.trimStart().length)));
    }
    const between = lines.slice(lastEnd + 1, start);
    fences.push({
      file,
      line: start + 1,
      info: opening[2] ?? '',
      body,
      followsFence: lastEnd >= 0 && between.every((text) => text.trim() === ''),
    });
    lastEnd = i;
  }
  return fences;
}

type Step =
  | {
      readonly kind: 'command';
      readonly where: string;
      readonly command: string;
      readonly exitCode: number;
      readonly output: readonly string[] | undefined;
    }
  | { readonly kind: 'script'; readonly where: string; readonly script: string; readonly output: string };

/** Joins lines continued with a trailing backslash; returns the command and the next index. */
function continued(
  body: readonly string[],
  start: number,
  strip: (line: string) => string,
): [string, number] {
  let text = strip(body[start] as string);
  let i = start + 1;
  while (text.endsWith('\\') && i < body.length) {
    text = `${text.slice(0, -1).trimEnd()} ${(body[i] as string).trim()}`;
    i += 1;
  }
  return [text, i];
}

function commandStep(fence: Fence, index: number, text: string, output: string[] | undefined): Step {
  const exit = EXIT.exec(text);
  return {
    kind: 'command',
    where: `${fence.file}:${fence.line + 1 + index}`,
    command: exit === null ? text : text.slice(0, exit.index),
    exitCode: exit === null ? 0 : Number(exit[1]),
    output,
  };
}

function shellSteps(fence: Fence): Step[] {
  const { body } = fence;
  const steps: Step[] = [];
  if (body.some((line) => line.startsWith('$ '))) {
    let i = body.findIndex((line) => line.startsWith('$ '));
    while (i < body.length) {
      const first = i;
      const [text, next] = continued(body, i, (line) => line.slice(2));
      const output: string[] = [];
      i = next;
      while (i < body.length && !(body[i] as string).startsWith('$ ')) output.push(body[i++] as string);
      steps.push(commandStep(fence, first, text, output));
    }
    return steps;
  }
  for (let i = 0; i < body.length; ) {
    const [text, next] = continued(body, i, (line) => line.trim());
    if (TALLY.test(text)) steps.push(commandStep(fence, i, text, undefined));
    i = next;
  }
  return steps;
}

function stepsOf(file: string): Step[] {
  const fences = fencesOf(file);
  const steps: Step[] = [];
  fences.forEach((fence, index) => {
    if (fence.info === 'sh') steps.push(...shellSteps(fence));
    if (fence.info === 'bash') {
      const next = fences[index + 1];
      const output = next !== undefined && next.info === '' && next.followsFence ? next.body.join('\n') : '';
      steps.push({ kind: 'script', where: `${file}:${fence.line}`, script: fence.body.join('\n'), output });
    }
  });
  return steps;
}

const hasJq = spawnSync('bash', ['-c', 'command -v jq'], { encoding: 'utf8' }).status === 0;

/** The test server, as the documentation starts it (on a free port here). */
let server: ChildProcess | undefined;
let serverConnectionString = '';

beforeAll(async () => {
  const child = spawn(tsx, ['examples/eventstoredb/test-server.ts', '0'], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  server = child;
  serverConnectionString = await new Promise<string>((resolve, reject) => {
    let text = '';
    child.stdout?.on('data', (chunk) => {
      text += String(chunk);
      const line = text.split('\n')[0] as string;
      if (text.includes('\n')) resolve(line.trim());
    });
    child.once('exit', (code) => reject(new Error(`test-server.ts exited with ${code} before printing`)));
  });
});

afterAll(() => {
  server?.kill('SIGTERM');
});

// With the repository's tsconfig wherever the command runs, so @tally/* are the sources (not dist).
// Node with tsx's loader rather than the tsx command, which starts a second Node process to run
// the file in: about 0.3 s less for each of the documents' 70-odd commands.
const tsxLoader = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
const SHELL_PRELUDE = `tally() { TSX_TSCONFIG_PATH="${join(root, 'tsconfig.json')}" "${process.execPath}" --import "${tsxLoader}" "${join(root, 'packages/cli/src/bin.ts')}" "$@"; }\n`;

function runShell(text: string, cwd: string) {
  const result = spawnSync('bash', ['-c', `${SHELL_PRELUDE}${text}`], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1' },
  });
  return { code: result.status, output: `${result.stdout}${result.stderr}` };
}

/** The command as the test runs it: the CLI for `pnpm --silent tally`, the test server for
 * the documented EventStoreDB address. */
function asRun(command: string): string {
  const text = command.replace(/^pnpm --silent tally/, 'tally');
  if (!text.includes('--esdb')) return text;
  if (!text.includes(DOCUMENTED_ESDB)) {
    throw new Error(
      `--esdb must name ${DOCUMENTED_ESDB} (the doc test's server stands in for it): ${command}`,
    );
  }
  return text.split(DOCUMENTED_ESDB).join(serverConnectionString);
}

/** The tzdb version of the host the documents' outputs were made on (docs/billing.md#the-manifest). */
const DOCUMENTED_TZDB = '2025c';

/** The output as it reads on the documents' host: this host's tzdb version written as theirs. */
function asDocumented(output: string): string {
  const tz = process.versions.tz;
  return tz === undefined || tz === DOCUMENTED_TZDB ? output : output.split(tz).join(DOCUMENTED_TZDB);
}

function expectOutput(where: string, actual: string, expected: readonly string[]): void {
  // CRLF (the csv format) is compared as LF: a document shows lines, not their ends.
  const lines = asDocumented(actual).replace(/\r\n/g, '\n').replace(/\n$/, '').split('\n');
  const shortened = expected.length > 0 && (expected[expected.length - 1] as string).trim() === '...';
  const shown = shortened ? expected.slice(0, -1) : expected;
  expect(shortened ? lines.slice(0, shown.length) : lines, `output of ${where}`).toEqual(
    shown.length === 0 ? [''] : shown,
  );
}

const filesWithCommands = documentationFiles().filter((file) => stepsOf(file).length > 0);

describe.each(filesWithCommands)('%s: its shell commands', (file) => {
  const steps = stepsOf(file);
  let cwd = '';
  beforeAll(() => {
    cwd = mkdtempSync(join(tmpdir(), 'tally-doc-'));
    symlinkSync(join(root, 'examples'), join(cwd, 'examples'));
  });
  afterAll(() => rmSync(cwd, { recursive: true, force: true }));

  for (const step of steps) {
    if (step.kind === 'script') {
      it.skipIf(/\bjq\b/.test(step.script) && !hasJq)(`${step.where}: the bash script`, () => {
        const result = runShell(step.script, cwd);
        expect(result.code, result.output).toBe(0);
        expect(asDocumented(result.output).trimEnd()).toBe(step.output.trimEnd());
      });
      continue;
    }
    it(`${step.where}: ${step.command}`, () => {
      const name = step.command.split(/\s+/)[0] as string;
      if (step.output !== undefined && !TALLY.test(step.command) && !SESSION_HELPERS.has(name)) {
        throw new Error(`${step.where}: the doc test does not run "${name}" in a session`);
      }
      const result = runShell(asRun(step.command), cwd);
      expect(result.code, `${step.where}: exit code of ${step.command}\n${result.output}`).toBe(
        step.exitCode,
      );
      if (step.output !== undefined) expectOutput(step.where, result.output, step.output);
    });
  }
});

interface Program {
  readonly where: string;
  readonly name: string;
  readonly text: string;
}

function programs(): Program[] {
  return documentationFiles().flatMap((file) =>
    fencesOf(file)
      .filter((fence) => fence.info === 'ts' && fence.body.some((line) => /^import\s/.test(line)))
      .map((fence) => ({
        where: `${file}:${fence.line}`,
        name: `${file.replace(/[^A-Za-z0-9]+/g, '-')}-${fence.line}.mts`,
        text: `${fence.body.join('\n')}\n`,
      })),
  );
}

describe('the ts programs of the documentation', () => {
  const all = programs();
  let diagnostics = '';
  beforeAll(() => {
    // Beside a link to the repository's node_modules, so that packages resolve as in the repo.
    const directory = mkdtempSync(join(tmpdir(), 'tally-doc-ts-'));
    try {
      symlinkSync(join(root, 'node_modules'), join(directory, 'node_modules'));
      mkdirSync(join(directory, 'snippets'));
      for (const program of all) writeFileSync(join(directory, 'snippets', program.name), program.text);
      const config = {
        extends: join(root, 'tsconfig.json'),
        include: [],
        files: all.map((program) => `snippets/${program.name}`),
      };
      writeFileSync(join(directory, 'tsconfig.json'), JSON.stringify(config));
      const result = spawnSync(tsc, ['-p', 'tsconfig.json', '--noEmit', '--pretty', 'false'], {
        cwd: directory,
        encoding: 'utf8',
      });
      if (result.status !== 0 && result.status !== 2) throw new Error(`tsc failed: ${result.stderr}`);
      diagnostics = result.stdout;
    } finally {
      rmSync(directory, { recursive: true, force: true });
    }
  }, 120_000);

  it('finds the programs, the quickstart of README.md and the report program of docs/report.md among them', () => {
    const texts = all.map((program) => `${program.where.split(':')[0]} ${program.text}`);
    expect(texts.some((text) => text.startsWith('README.md ') && text.includes('createCommandHandler'))).toBe(
      true,
    );
    expect(
      texts.some((text) => text.startsWith('docs/report.md ') && text.includes('createReportScan')),
    ).toBe(true);
  });

  it.each(all.map((program) => [program.where, program] as const))('%s compiles', (_where, program) => {
    const own = diagnostics.split('\n').filter((line) => line.startsWith(`snippets/${program.name}(`));
    expect(own).toEqual([]);
  });
});
