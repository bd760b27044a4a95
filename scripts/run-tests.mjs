// Runs every compiled test (dist/**/*.test.js) in one node:test run with one TAP summary.
// Node 20's --test takes paths, not globs, so the files are gathered here.
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { run } from 'node:test';
import { tap } from 'node:test/reporters';

const roots = ['packages', 'test', 'registry'];
const only = process.argv.slice(2);

function collect(dir, out) {
  let entries;
  try { entries = readdirSync(dir); } catch { return out; }
  for (const name of entries) {
    if (name === 'node_modules' || name.startsWith('.')) continue;
    const path = join(dir, name);
    if (statSync(path).isDirectory()) collect(path, out);
    else if (name.endsWith('.test.js') && path.includes(`${'/'}dist${'/'}`)) out.push(path);
  }
  return out;
}

const files = roots.flatMap((root) => collect(root, [])).filter((f) => only.length === 0 || only.some((o) => f.includes(o))).sort();
if (files.length === 0) {
  console.error('no test files found: run `npx tsc -b` first');
  process.exit(1);
}
const concurrency = Number(process.env.FACEFORGE_TEST_CONCURRENCY ?? 2);
const stream = run({ files, concurrency, timeout: 20 * 60 * 1000 });
stream.on('test:fail', () => { process.exitCode = 1; });
stream.compose(tap).pipe(process.stdout);
