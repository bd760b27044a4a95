// `decoder info` and `decoder remove` work as `encoder info` and `encoder remove` do.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { TINY_PLUGIN_DIR, sampleFaces, tempDir, runFaceforge } from './support.js';

test('decoder info shows a stored decoder pack; decoder remove removes one version or all of them', async () => {
  const home = await tempDir('ff-decoder-commands-');
  const env = { FACEFORGE_HOME: join(home, 'faceforge'), FACEFORGE_DATA_DIR: join(home, 'data'), FACEFORGE_CONFIG_DIR: join(home, 'config'), FACEFORGE_CACHE_DIR: join(home, 'cache') };
  const run = (args: string[]) => runFaceforge(args, env);
  const ok = async (args: string[]) => {
    const result = await run(args);
    assert.equal(result.code, 0, `faceforge ${args.join(' ')} failed:\n${result.stdout}\n${result.stderr}`);
    return result;
  };
  await ok(['plugins', 'link', TINY_PLUGIN_DIR, '--no-install']);
  const faces = await sampleFaces();
  const model = join(home, 'model');
  await ok(['train', '-A', faces.a, '-B', faces.b, '-m', model, '-t', 'tiny', '-b', '4', '-i', '2', '--no-preview']);
  for (const version of ['1.0.0', '1.1.0']) await ok(['decoder', 'export', '-m', model, '--side', 'b', '--name', 'dec', '--version', version, '--license', 'CC0-1.0']);

  const info = await ok(['decoder', 'info', 'dec']);
  assert.match(info.stdout, /^dec@1\.1\.0: decoder pack/m, 'the newest version');
  assert.match(info.stdout, /^ {2}model +tiny .*, part decoder_b \(side b\)$/m);
  assert.match(info.stdout, /^ {2}encoder +sha256:[0-9a-f]{64}$/m);
  assert.match(info.stdout, /^ {2}license +CC0-1\.0$/m);
  // its weights started fresh (not "trained from scratch" as an encoder is), and it saw side B's faces only
  assert.match(info.stdout, /^ {2}lineage +started from fresh \(randomly initialised\) weights$/m);
  assert.match(info.stdout, /^ +1\. \S+ +2 it +loss A [\d.]+ B [\d.]+ +b \(30\)$/m);
  assert.match((await ok(['decoder', 'info', 'dec@~1.0'])).stdout, /^dec@1\.0\.0: decoder pack/m);
  const wrongKind = await run(['encoder', 'info', 'dec']);
  assert.notEqual(wrongKind.code, 0, 'a decoder pack is not an encoder pack');

  assert.match((await ok(['decoder', 'remove', 'dec@1.0.0'])).stdout, /^removed dec@1\.0\.0$/m);
  const listed = (await ok(['decoder', 'list'])).stdout;
  assert.match(listed, /^dec@1\.1\.0 /m);
  assert.doesNotMatch(listed, /dec@1\.0\.0/);
  assert.match((await ok(['decoder', 'remove', 'dec'])).stdout, /^removed dec@1\.1\.0$/m);
  assert.match((await ok(['decoder', 'list'])).stdout, /no decoder packs in /);
  const gone = await run(['decoder', 'info', 'dec']);
  assert.notEqual(gone.code, 0);
  assert.match(gone.stderr, /dec/);
});
