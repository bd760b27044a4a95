import { test } from 'node:test';
import assert from 'node:assert/strict';
import { access, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import sharp from 'sharp';
import { TINY_PLUGIN_DIR, sampleFaces, tempDir, runFaceforge } from './support.js';

test('the CLI: link a plugin, write the ini, train with -t, analyze, presets, restore, unlink', async () => {
  const home = await tempDir('ff-cli-');
  const env = { FACEFORGE_DATA_DIR: join(home, 'data'), FACEFORGE_CONFIG_DIR: join(home, 'config'), FACEFORGE_CACHE_DIR: join(home, 'cache'), FACEFORGE_BACKEND: 'wasm' };
  const ok = async (args: string[]) => {
    const run = await runFaceforge(args, env);
    assert.equal(run.code, 0, `faceforge ${args.join(' ')} failed:\n${run.stdout}\n${run.stderr}`);
    return run;
  };

  const help = await ok(['--help']);
  assert.match(help.stdout, /train/);

  // a newly linked model plugin works with -t at once
  await ok(['plugins', 'link', TINY_PLUGIN_DIR, '--no-install']);
  const models = await ok(['models', 'list']);
  assert.match(models.stdout, /^original\s/m);
  assert.match(models.stdout, /^tiny\s.*\[plugin tiny\]/m);

  const ini = join(home, 'train.ini');
  await ok(['config', 'init', '-t', 'tiny', '-o', ini]);
  const text = await readFile(ini, 'utf8');
  for (const section of ['[global]', '[global.loss]', '[global.optimizer]', '[trainer.augmentation]', '[model.tiny]']) assert.ok(text.includes(section), section);
  assert.ok(!text.includes('[model.original]'), 'only the sections of the chosen model');

  // a bad value names the file, section, key, value and what is allowed
  const faces = await sampleFaces();
  const model = join(home, 'model');
  await writeFile(join(home, 'bad.ini'), text.replace('learning_rate = 0.00005', 'learning_rate = 7'));
  const bad = await runFaceforge(['train', '-A', faces.a, '-B', faces.b, '-m', model, '-t', 'tiny', '-i', '1', '-c', join(home, 'bad.ini')], env);
  assert.notEqual(bad.code, 0);
  // oclif wraps long error lines behind ' ›   ': join them back
  const message = bad.stderr.replace(/\s*›\s*/g, ' ').replace(/\s+/g, ' ');
  assert.match(message, /bad\.ini: \[global\.optimizer\] learning_rate = "7" is not allowed: must be a number from 0\.000001 to 0\.001/);

  await ok(['preset', 'apply', 'global.loss:mae-only', '-c', ini]);
  assert.match(await readFile(ini, 'utf8'), /^loss_function = mae$/m);
  const trained = await ok(['train', '-A', faces.a, '-B', faces.b, '-m', model, '-t', 'tiny', '-b', '4', '-i', '4', '-s', '2', '-c', ini, '--summary', '--seed', '3']);
  assert.match(trained.stdout, /backend: wasm/);
  assert.match(trained.stderr + trained.stdout, /encoder: [\d,]+ parameters/);
  assert.match(trained.stderr + trained.stdout, /iter 4\/4/);
  assert.match(trained.stdout, /saved .*: 4 iterations in total/);
  await access(join(model, 'previews', 'latest.png'));

  const resumed = await ok(['train', '-A', faces.a, '-B', faces.b, '-m', model, '-b', '4', '-i', '2', '-c', ini]);
  assert.match(resumed.stdout, /6 iterations in total/);

  const analysis = await ok(['analyze', '-m', model]);
  assert.match(analysis.stdout, /tiny model, 6 iterations/);
  assert.match(analysis.stdout, /EG\/s/);
  const graph = await sharp(join(model, 'loss_graph.png')).metadata();
  assert.ok((graph.width ?? 0) >= 400);

  const presets = await ok(['preset', 'list']);
  assert.match(presets.stdout, /model\.tiny:wide/);
  await ok(['preset', 'save', 'mine', '--section', 'global.loss', '-c', ini, '-d', 'my loss']);
  const shown = await ok(['preset', 'show', 'global.loss:mine']);
  assert.match(shown.stdout, /loss_function = mae/);

  const restore = await runFaceforge(['restore', '-m', model], env);
  assert.ok(restore.code === 0 ? /restored/.test(restore.stdout) : /no backup/.test(restore.stderr), restore.stdout + restore.stderr);

  await ok(['plugins', 'uninstall', 'faceforge-plugin-tiny']);
  const after = await ok(['models', 'list']);
  assert.doesNotMatch(after.stdout, /^tiny\s/m);
});
