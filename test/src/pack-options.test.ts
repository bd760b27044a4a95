/**
 * Packs record the model's fixed options and a model started from a pack takes them (issue: a
 * lowmem Original encoder pack made the README's `train --encoder faces-general@^1` fail with two
 * fingerprints whose descriptions read the same). Through the CLI, as the README runs it.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { readState } from '@faceforge/core/train';
import { runFaceforge, sampleFaces, tempDir } from './support.js';

test('a lowmem Original encoder pack records lowmem; `encoder info` shows it; `train --encoder` builds a lowmem model from it', async () => {
  const faces = await sampleFaces();
  const home = await tempDir('ff-pack-options-');
  const env = { FACEFORGE_HOME: join(home, 'faceforge'), FACEFORGE_DATA_DIR: join(home, 'data'), FACEFORGE_CONFIG_DIR: join(home, 'config'), FACEFORGE_BACKEND: 'native' };
  const ok = async (args: string[]) => {
    const result = await runFaceforge(args, env);
    assert.equal(result.code, 0, `faceforge ${args.join(' ')} failed:\n${result.stdout}\n${result.stderr}`);
    return result;
  };
  const ini = join(home, 'lowmem.ini');
  await (await import('node:fs/promises')).writeFile(ini, '[model.original]\nlowmem = true\n[global]\nreflect_padding = true\n');
  const trainArgs = (model: string, b: string) => ['train', '-A', faces.a, '-B', b, '-m', model, '-b', '2', '-i', '1', '--no-preview', '--seed', '3'];

  const alice = join(home, 'alice_bob');
  await ok([...trainArgs(alice, faces.b), '-t', 'original', '-c', ini]);
  await ok(['encoder', 'pack', '-m', alice, '--name', 'faces-general', '--version', '1.0.0', '--license', 'CC-BY-4.0']);
  const info = await ok(['encoder', 'info', 'faces-general@^1']);
  assert.match(info.stdout, /options +\[model\.original\] lowmem = true, \[global\] coverage = 100, \[global\] centering = "face", \[global\] icnr_init = false, \[global\] conv_aware_init = false, \[global\] reflect_padding = true/);

  // no -c, no -t: the README's command
  const carol = join(home, 'alice_carol');
  const started = await ok([...trainArgs(carol, faces.b), '--encoder', 'faces-general@^1', '--freeze-weights']);
  assert.match(started.stdout + started.stderr, /\[model\.original\] lowmem = false ignored: fixed by encoder pack faces-general@1\.0\.0 as true/);
  assert.match(started.stdout + started.stderr, /\[global\] reflect_padding = false ignored: fixed by encoder pack faces-general@1\.0\.0 as true/);
  const state = (await readState(carol))!;
  assert.equal(state.config['model.original']!.lowmem, true);
  assert.equal(state.config.global!.reflect_padding, true);
  assert.equal(state.iterations, 1);
});
