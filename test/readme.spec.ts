// The README's usage example must be the quickstart example verbatim, which the typecheck
// compiles and the examples test runs: a README that drifts from working code fails here.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const read = (path: string) => readFileSync(new URL(`../${path}`, import.meta.url), 'utf8');

describe('README', () => {
  it('shows examples/quickstart/main.ts verbatim', () => {
    const readme = read('README.md');
    const example = read('examples/quickstart/main.ts');
    expect(readme).toContain(`\`\`\`ts\n${example}\`\`\``);
  });

  it('names the two set-up commands that .ci/run and the demo use', () => {
    const readme = read('README.md');
    const ci = read('.ci/run');
    expect(readme).toContain('npm run demo');
    expect(readme).toContain('npm test');
    expect(ci).toMatch(/^npm test$/m);
  });
});
