// A model keeps its settings: a resumed session trains with the last session's values unless the
// user gives others, and every run says which settings differ from the defaults and from last time.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { TINY_PLUGIN_DIR, sampleFaces, tempDir, runFaceforge } from './support.js';

interface SavedState { sessions: Array<{ config: Record<string, Record<string, unknown>> }> }

test('a model trained with a custom loss resumed without -c keeps that loss; -c and --preset still override', async () => {
  const home = await tempDir('ff-resume-settings-');
  const env = { FACEFORGE_DATA_DIR: join(home, 'data'), FACEFORGE_CONFIG_DIR: join(home, 'config'), FACEFORGE_CACHE_DIR: join(home, 'cache') };
  const ok = async (args: string[]) => {
    const run = await runFaceforge(args, env);
    assert.equal(run.code, 0, `faceforge ${args.join(' ')} failed:\n${run.stdout}\n${run.stderr}`);
    return { ...run, all: run.stdout + run.stderr };
  };
  await ok(['plugins', 'link', TINY_PLUGIN_DIR, '--no-install']);
  const faces = await sampleFaces();
  const model = join(home, 'model');
  const ini = join(home, 'mae.ini');
  await writeFile(ini, '[global.loss]\nloss_function = mae\n');
  const sessions = async () => (JSON.parse(await readFile(join(model, 'state.json'), 'utf8')) as SavedState).sessions;
  const trainArgs = ['train', '-A', faces.a, '-B', faces.b, '-m', model, '-b', '4', '-i', '1', '--no-preview'];

  const first = await ok([...trainArgs, '-t', 'tiny', '-c', ini, '--seed', '3']);
  assert.match(first.all, /settings that differ from the defaults:\n\s+\[global\.loss\] loss_function = mae \(default ssim\)/);
  assert.doesNotMatch(first.all, /last session/, 'a new model has no last session');

  const resumed = await ok(trainArgs);
  assert.equal((await sessions()).at(-1)!.config['global.loss']!.loss_function, 'mae');
  assert.match(resumed.all, /\[global\.loss\] loss_function = mae \(default ssim\)/);
  assert.match(resumed.all, /settings: unchanged since the last session/);

  // a preset applies on top of the kept settings; the change is named against the last session
  const preset = await ok([...trainArgs, '--preset', 'global.loss:mae-only']);
  const last = (await sessions()).at(-1)!.config['global.loss']!;
  assert.equal(last.loss_function, 'mae');
  assert.equal(last.loss_function_2, 'none');
  assert.match(preset.all, /settings changed since the last session:\n\s+\[global\.loss\] loss_function_2 = none \(last session mse\)/);

  // an ini file changes the keys it holds, said against the last session; the keys it leaves out
  // keep the last session's values (the dashboard writes only the keys a user changed)
  const back = join(home, 'ssim.ini');
  await writeFile(back, '[global.loss]\nloss_function = ssim\n');
  const overridden = await ok([...trainArgs, '-c', back]);
  assert.equal((await sessions()).at(-1)!.config['global.loss']!.loss_function, 'ssim');
  assert.equal((await sessions()).at(-1)!.config['global.loss']!.loss_function_2, 'none');
  assert.match(overridden.all, /\[global\.loss\] loss_function = ssim \(last session mae\)/);
  assert.doesNotMatch(overridden.all, /loss_function_2 = \w+ \(last session/);
  assert.equal((await sessions()).length, 4);
});
