import { defineProject } from 'vitest/config';
import { workspaceAliases } from '../../vitest.shared.ts';

export default defineProject({
  resolve: { alias: workspaceAliases },
  test: { name: 'backend-onnx', include: ['test/**/*.test.ts'], environment: 'node', testTimeout: 30_000 },
});
