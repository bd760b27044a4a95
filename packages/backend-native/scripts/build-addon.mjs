// Builds build/Release/faceforge_native.node with node-gyp. As an npm install script it never fails
// the install: on error it prints one line and exits 0 (the package then exports available = false).
// With --strict (npm run build:native) it exits with node-gyp's status.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const strict = process.argv.includes('--strict');
const packageDir = join(dirname(fileURLToPath(import.meta.url)), '..');

function findNodeGyp() {
  const require = createRequire(import.meta.url);
  try { return require.resolve('node-gyp/bin/node-gyp.js'); } catch { /* not a dependency */ }
  if (process.env.npm_config_node_gyp && existsSync(process.env.npm_config_node_gyp)) return process.env.npm_config_node_gyp;
  const npmBundled = join(dirname(process.execPath), '..', 'lib', 'node_modules', 'npm', 'node_modules', 'node-gyp', 'bin', 'node-gyp.js');
  return existsSync(npmBundled) ? npmBundled : null;
}

const gyp = findNodeGyp();
const args = ['rebuild'];
// Use the local Node headers when present (no download); npm passes npm_config_nodedir itself.
if (!process.env.npm_config_nodedir) {
  const prefix = join(dirname(process.execPath), '..');
  if (existsSync(join(prefix, 'include', 'node', 'node_api.h'))) args.push(`--nodedir=${prefix}`);
}
const result = gyp
  ? spawnSync(process.execPath, [gyp, ...args], { cwd: packageDir, stdio: strict ? 'inherit' : ['ignore', 'ignore', 'pipe'], encoding: 'utf8' })
  : { status: 1, stderr: 'node-gyp not found' };
if (result.status === 0) {
  if (strict) console.log('faceforge backend-native: built build/Release/faceforge_native.node');
  process.exit(0);
}
const why = String(result.stderr ?? result.error ?? '').trim().split('\n').filter(Boolean).pop() ?? `status ${result.status}`;
console.warn(`faceforge backend-native: native addon not built (${why}); the 'native' backend will be unavailable`);
process.exit(strict ? 1 : 0);
