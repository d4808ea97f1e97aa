import { defineProject } from 'vitest/config';
import { workspaceAliases } from '../../vitest.shared.ts';

export default defineProject({
  resolve: { alias: workspaceAliases },
  test: { name: 'playground', include: ['test/**/*.test.ts'], environment: 'node', testTimeout: 120_000 },
});
