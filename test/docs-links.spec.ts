// The repository states its own rules: docs/ is where a reader finds every rule a comment, a test
// or another page points at. This test fails when a tracked file cites the internal spec the rules
// were first written in (users do not have it), when a relative markdown link points at a file
// that is not in the repository or at a heading that does not exist, and when a citation such as
// docs/billing.md#per-user or (docs/billing.md, "Per-device, monthly") names a missing heading.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { posix } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('..', import.meta.url));
const self = 'test/docs-links.spec.ts';

/** Tracked files that may name the internal spec: only this test, which has to spell the name. */
const SPEC_NAME_ALLOWED = new Set([self]);

/** Generated or data files: no prose, no citations. */
const NOT_PROSE = /(^|\/)pnpm-lock\.yaml$|\.jsonl$|^LICENSE$/;

const tracked: readonly string[] = execFileSync('git', ['ls-files', '-z'], { cwd: root, encoding: 'utf8' })
  .split('\0')
  .filter((path) => path !== '' && existsSync(posix.join(root, path)));
const trackedSet = new Set(tracked);
const trackedDirs = new Set(tracked.flatMap((path) => ancestors(path)));
const read = (path: string) => readFileSync(posix.join(root, path), 'utf8');

const textFiles = tracked.filter((path) => !NOT_PROSE.test(path));
const markdownFiles = tracked.filter((path) => path.endsWith('.md'));
/** What users read: the README, docs/ and the package READMEs that npm shows. */
const shipped = markdownFiles.filter(
  (path) =>
    path === 'README.md' || /^docs\/[^/]+\.md$/.test(path) || /^packages\/[^/]+\/README\.md$/.test(path),
);

function ancestors(path: string): string[] {
  const parts = path.split('/').slice(0, -1);
  return parts.map((_, i) => parts.slice(0, i + 1).join('/'));
}

/** GitHub's heading anchor: lower case, punctuation other than `-` and `_` dropped, spaces to `-`. */
function slug(heading: string): string {
  const text = heading
    .replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1') // a link's text only
    .replace(/<[^>]+>/g, '') // inline HTML
    .replace(/[`*]/g, '');
  return text
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{M}\p{N}\p{Pc} -]/gu, '')
    .replace(/ /g, '-');
}

/** The markdown with fenced code blocks blanked (line numbers kept) and inline code emptied. */
function prose(markdown: string): string {
  let fence: string | null = null;
  return markdown
    .split('\n')
    .map((line) => {
      const marker = /^\s*(`{3,}|~{3,})/.exec(line)?.[1];
      if (fence !== null) {
        if (marker !== undefined && marker[0] === fence[0] && marker.length >= fence.length) fence = null;
        return '';
      }
      if (marker !== undefined) {
        fence = marker;
        return '';
      }
      return line.replace(/(`+)(?:(?!\1).)+?\1/g, '``');
    })
    .join('\n');
}

/** Every anchor a markdown file defines: its headings' slugs (repeats get -1, -2, ...) and HTML ids. */
function anchorsOf(markdown: string): Set<string> {
  const anchors = new Set<string>();
  const seen = new Map<string, number>();
  let fence: string | null = null;
  for (const line of markdown.split('\n')) {
    const marker = /^\s*(`{3,}|~{3,})/.exec(line)?.[1];
    if (fence !== null) {
      if (marker !== undefined && marker[0] === fence[0] && marker.length >= fence.length) fence = null;
      continue;
    }
    if (marker !== undefined) {
      fence = marker;
      continue;
    }
    const heading = /^ {0,3}#{1,6}\s+(.*?)(?:\s+#+)?\s*$/.exec(line)?.[1];
    if (heading !== undefined) {
      const base = slug(heading);
      const n = seen.get(base) ?? 0;
      seen.set(base, n + 1);
      anchors.add(n === 0 ? base : `${base}-${n}`);
    }
    for (const match of line.matchAll(/<a\s+(?:id|name)="([^"]+)"/g)) anchors.add(match[1] as string);
  }
  return anchors;
}

const anchorCache = new Map<string, Set<string>>();
function anchorsOfFile(path: string): Set<string> {
  let anchors = anchorCache.get(path);
  if (anchors === undefined) {
    anchors = anchorsOf(read(path));
    anchorCache.set(path, anchors);
  }
  return anchors;
}

interface Problem {
  file: string;
  line: number;
  target: string;
  problem: string;
}

type Files = {
  has(path: string): boolean;
  isDir(path: string): boolean;
  anchors(path: string): Set<string>;
};

const repository: Files = {
  has: (path) => trackedSet.has(path),
  isDir: (path) => trackedDirs.has(path),
  anchors: anchorsOfFile,
};

/** A link or citation target `path#anchor`, with the path already relative to the repository root. */
function checkTarget(files: Files, from: string, path: string, anchor: string | undefined): string | null {
  if (path === '..' || path.startsWith('../') || path.startsWith('/')) return 'points outside the repository';
  const file = path === '' ? from : path;
  if (!files.has(file) && !files.isDir(file)) return `${file} is not a file of the repository`;
  if (anchor === undefined) return null;
  if (!file.endsWith('.md')) return `#${anchor} on a file that is not markdown`;
  if (!files.anchors(file).has(anchor)) return `${file} has no heading with the anchor #${anchor}`;
  return null;
}

const lineOf = (text: string, index: number) => text.slice(0, index).split('\n').length;

/** Relative links `[text](target)` and reference definitions `[label]: target` of a markdown file. */
function linkProblems(files: Files, file: string, markdown: string): Problem[] {
  const problems: Problem[] = [];
  const text = prose(markdown);
  const targets = [
    ...[...text.matchAll(/\]\(\s*<?([^)\s>]*)>?(?:\s+"[^"]*")?\s*\)/g)].map((m) => [m[1], m.index] as const),
    ...[...text.matchAll(/^ {0,3}\[[^\]]+\]:\s*<?(\S+?)>?(?:\s+"[^"]*")?\s*$/gm)].map(
      (m) => [m[1], m.index] as const,
    ),
  ];
  for (const [target = '', index] of targets) {
    if (/^[a-z][a-z0-9+.-]*:/i.test(target)) continue; // https:, mailto: ...
    const hash = target.indexOf('#');
    const rawPath = decodeURIComponent(hash === -1 ? target : target.slice(0, hash));
    const anchor = hash === -1 ? undefined : target.slice(hash + 1);
    const path =
      rawPath === '' ? '' : posix.normalize(posix.join(posix.dirname(file), rawPath)).replace(/\/$/, '');
    const problem = checkTarget(files, file, path === '.' ? '' : path, anchor);
    if (problem !== null) problems.push({ file, line: lineOf(text, index), target, problem });
  }
  return problems;
}

/**
 * Citations anywhere in a text file, relative to the repository root: `docs/x.md`, `docs/x.md#anchor`,
 * and `docs/x.md, "Heading"` (more headings may follow: `, "A", "B" and "C"`).
 */
function citationProblems(files: Files, file: string, text: string): Problem[] {
  const problems: Problem[] = [];
  for (const match of text.matchAll(/(?<![\w./-])(docs\/[\w.-]+\.md)(?:#([\w-]+))?/g)) {
    const [cited, path = '', anchor] = match;
    const at = lineOf(text, match.index);
    const problem = checkTarget(files, file, path, anchor);
    if (problem !== null) problems.push({ file, line: at, target: cited, problem });
    let rest = text.slice(match.index + cited.length);
    for (;;) {
      const quoted = /^(?:,\s*|,?\s+and\s+)"([^"\n]+)"/.exec(rest);
      if (quoted === null) break;
      const heading = quoted[1] as string;
      const headingProblem = checkTarget(files, file, path, slug(heading));
      if (headingProblem !== null && problem === null) {
        problems.push({ file, line: at, target: `${path}, "${heading}"`, problem: headingProblem });
      }
      rest = rest.slice(quoted[0].length);
    }
  }
  return problems;
}

const show = (problems: Problem[]) => problems.map((p) => `${p.file}:${p.line}: ${p.target}: ${p.problem}`);

describe('the repository states its own rules', () => {
  it('no tracked file cites the internal spec (DOMAIN-dot-md) outside the allow-list', () => {
    const specName = ['DOMAIN', 'md'].join('.');
    const mentions = textFiles
      .filter((path) => !SPEC_NAME_ALLOWED.has(path))
      .flatMap((path) =>
        read(path)
          .split('\n')
          .flatMap((text, i) =>
            text.includes(specName) || /\bDOMAIN\s*§/.test(text) ? [`${path}:${i + 1}`] : [],
          ),
      );
    expect(mentions).toEqual([]);
  });

  // The old citations also came as bare section numbers ("the §4.4 object"). A file that cites an
  // RFC may number that RFC's sections (canonical JSON, Merkle trees); other files have no § to cite.
  it('no tracked file cites a numbered section (§n) unless it cites an RFC', () => {
    const mentions = textFiles
      .filter((path) => path !== self)
      .flatMap((path) => {
        const text = read(path);
        if (/\bRFC \d+/.test(text)) return [];
        return text
          .split('\n')
          .flatMap((line, i) => (/§\s*\d/.test(line) ? [`${path}:${i + 1}: ${line.trim()}`] : []));
      });
    expect(mentions).toEqual([]);
  });

  it('every relative link of README.md, docs/*.md and the package READMEs reaches a file and a heading', () => {
    expect(shipped).toContain('docs/billing.md');
    expect(show(shipped.flatMap((path) => linkProblems(repository, path, read(path))))).toEqual([]);
  });

  it('every relative link of the other markdown files reaches a file and a heading', () => {
    const others = markdownFiles.filter((path) => !shipped.includes(path));
    expect(show(others.flatMap((path) => linkProblems(repository, path, read(path))))).toEqual([]);
  });

  it('every docs/x.md citation in code, tests, scripts and docs names a file and a heading that exist', () => {
    const problems = textFiles
      .filter((path) => path !== self)
      .flatMap((path) => citationProblems(repository, path, read(path)));
    expect(show(problems)).toEqual([]);
  });
});

describe('the checker itself', () => {
  const files: Files = {
    has: (path) => path === 'docs/billing.md' || path === 'docs/cli.md',
    isDir: (path) => path === 'docs',
    anchors: (path) =>
      anchorsOf(
        path === 'docs/billing.md'
          ? '# Billing\n## Per-device, monthly\n## Per-user\n## Per-user\n'
          : '# CLI\n',
      ),
  };

  it('slugs headings as GitHub does', () => {
    expect(slug('Per-device, monthly')).toBe('per-device-monthly');
    expect(slug("`tally invoices --events FILE` (the CLI's file path)")).toBe(
      'tally-invoices---events-file-the-clis-file-path',
    );
    expect(slug('Vector 3: twelve installments')).toBe('vector-3-twelve-installments');
    expect(slug('Money × time → [Invoice](x.md)')).toBe('money--time--invoice');
  });

  it('finds broken links: a missing file, a missing heading, a path out of the repository', () => {
    const markdown = [
      '[ok](billing.md#per-device-monthly) [ok](#per-user-1) [web](https://example.com/x.md#nope)',
      '[gone](nowhere.md) [heading](billing.md#per-device-yearly) [out](../../shared/spec.md)',
      '`[in code](nowhere.md)`',
      '```',
      '[in a fence](nowhere.md)',
      '```',
      '[ref]: cli.md#no-such',
    ].join('\n');
    expect(show(linkProblems(files, 'docs/billing.md', markdown))).toEqual([
      'docs/billing.md:2: nowhere.md: docs/nowhere.md is not a file of the repository',
      'docs/billing.md:2: billing.md#per-device-yearly: docs/billing.md has no heading with the anchor #per-device-yearly',
      'docs/billing.md:2: ../../shared/spec.md: points outside the repository',
      'docs/billing.md:7: cli.md#no-such: docs/cli.md has no heading with the anchor #no-such',
    ]);
  });

  it('finds broken citations in code comments', () => {
    const code = [
      '// see docs/billing.md, "Per-device, monthly" and docs/billing.md#per-user',
      '// see docs/billing.md, "Per-user", "Per-device, yearly" and "Per-device, monthly"',
      '/** docs/cli.md#export, docs/gone.md */',
    ].join('\n');
    expect(show(citationProblems(files, 'packages/x/src/a.ts', code))).toEqual([
      'packages/x/src/a.ts:2: docs/billing.md, "Per-device, yearly": docs/billing.md has no heading with the anchor #per-device-yearly',
      'packages/x/src/a.ts:3: docs/cli.md#export: docs/cli.md has no heading with the anchor #export',
      'packages/x/src/a.ts:3: docs/gone.md: docs/gone.md is not a file of the repository',
    ]);
  });
});
