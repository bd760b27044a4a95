import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { findImportCycles, formatCycle } from './test-support/find-import-cycles.js';

// The compiled test runs from dist/; the sources it checks are in src/ (tests included).
const sourceDir = join(dirname(fileURLToPath(import.meta.url)), '..', 'src');

test('packages/core/src has no import cycles (type-only imports included)', () => {
  const cycles = findImportCycles(sourceDir).map(formatCycle);
  assert.deepEqual(cycles, [], `import cycles in packages/core/src:\n${cycles.join('\n')}`);
});

test('findImportCycles follows type-only imports and re-exports and reports each cycle as a chain back to its start', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ff-cycles-'));
  mkdirSync(join(dir, 'sub'));
  const files: Record<string, string> = {
    'a.ts': "import type { B } from './sub/b.js';\nexport interface A { b?: B }\n",
    'sub/b.ts': "export { type A } from '../a.js';\nexport interface B { n: number }\n",
    'c.ts': "import { type D } from './d.js';\nimport sharp from 'sharp';\nexport type C = D;\n",
    'd.ts': "export * from './e.js';\n",
    'e.ts': "import type { C } from './c.js';\nexport type D = C | number;\n",
    'leaf.ts': "import type { A } from './a.js';\nexport type Leaf = A;\n",
  };
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  assert.deepEqual(findImportCycles(dir).map(formatCycle), ['a.ts → sub/b.ts → a.ts', 'c.ts → d.ts → e.ts → c.ts']);
});
