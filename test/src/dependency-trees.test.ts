/**
 * The marketplace server and the pack format install without the training stack: `npm ls` of
 * @faceforge/registry and of @faceforge/packs (production dependencies, whole tree) names none of
 * tfjs, sharp, face-api or @faceforge/core. Core's own tree is walked too, so a walker that found
 * nothing at all could not pass.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));

const FORBIDDEN = ['@tensorflow/tfjs', '@tensorflow/tfjs-node', '@tensorflow/tfjs-backend-wasm', 'sharp', '@vladmandic/face-api', '@faceforge/core'];

interface LsNode {
  dependencies?: Record<string, LsNode>;
}

/** `npm ls --all --omit=dev --json` of one workspace, run from the repo root. */
async function productionTree(workspace: string): Promise<LsNode> {
  let stdout: string;
  try {
    ({ stdout } = await promisify(execFile)('npm', ['ls', '--all', '--omit=dev', '--json', `--workspace=${workspace}`], { cwd: REPO_ROOT, maxBuffer: 64 * 1024 * 1024 }));
  } catch (error) {
    // npm ls exits non-zero on tree problems (an optional native package that did not install) but still prints the tree.
    stdout = (error as { stdout?: string }).stdout ?? '';
    if (!stdout) throw error;
  }
  return JSON.parse(stdout) as LsNode;
}

/** Every package name in the tree, each with the path that reached it. */
function packagesIn(node: LsNode, path: string[] = [], out = new Map<string, string[]>()): Map<string, string[]> {
  for (const [name, child] of Object.entries(node.dependencies ?? {})) {
    if (!out.has(name)) out.set(name, [...path, name]);
    packagesIn(child, [...path, name], out);
  }
  return out;
}

function forbiddenIn(tree: Map<string, string[]>): string[] {
  return [...tree.keys()].filter((name) => FORBIDDEN.includes(name) || name.startsWith('@tensorflow/')).map((name) => tree.get(name)!.join(' > '));
}

test('the registry server\'s production dependencies hold no tfjs, sharp, face-api or @faceforge/core', async () => {
  const tree = packagesIn(await productionTree('@faceforge/registry'));
  assert.ok(tree.has('@faceforge/registry') && tree.has('@faceforge/packs') && tree.has('semver'), `the tree is incomplete: ${[...tree.keys()].join(', ')}`);
  assert.deepEqual(forbiddenIn(tree), []);
});

test('the packs package\'s production dependencies hold no tfjs, sharp, face-api or @faceforge/core', async () => {
  const tree = packagesIn(await productionTree('@faceforge/packs'));
  assert.ok(tree.has('@faceforge/packs') && tree.has('tar') && tree.has('semver'), `the tree is incomplete: ${[...tree.keys()].join(', ')}`);
  assert.deepEqual(forbiddenIn(tree), []);
});

test('the same walk finds the training stack in core\'s tree', async () => {
  const found = forbiddenIn(packagesIn(await productionTree('@faceforge/core')));
  for (const name of ['@tensorflow/tfjs', 'sharp', '@vladmandic/face-api']) {
    assert.ok(found.some((path) => path.endsWith(` > ${name}`)), `${name} not found in core's tree: ${found.join('; ')}`);
  }
});
