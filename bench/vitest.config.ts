// The bench's own specs (the root config runs the packages', test/ and examples/):
//   vitest run --config bench/vitest.config.ts
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';
import rootConfig from '../vitest.config.js';

export default defineConfig({
  ...rootConfig,
  root: fileURLToPath(new URL('..', import.meta.url)),
  test: { ...rootConfig.test, include: ['bench/**/*.spec.ts'] },
});
