import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, readdir, rm, mkdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, createForge, defineSection, option, silentLogger, type FaceforgePlugin } from '@faceforge/core';
import { applyPreset, defaultValues, findPreset, listPresets, savePreset } from '@faceforge/core/config';

const tinySection = defineSection('model.tiny', 'Tiny test model.', {
  width: option.integer({ default: 8, min: 2, max: 64, group: 'model', fixed: true, help: 'Channel width.' }),
  mode: option.choice({ choices: ['a', 'b'] as const, default: 'a', group: 'model', help: 'Mode.' }),
});
const tinyPlugin: FaceforgePlugin = {
  meta: { name: 'tiny', kind: 'model', version: '1.0.0', description: 'test model' },
  config: tinySection,
  presets: {
    wide: { description: 'A wide model', values: { width: 32 } },
    broken: { description: 'Out of range', values: { width: 1000 } },
  },
  apply() {},
};

async function tempDir(): Promise<string> {
  return mkdtemp(join(tmpdir(), 'faceforge-presets-'));
}

test('the built-in forge has the global, loss, optimizer and augmentation sections', async () => {
  const forge = await createForge({ discover: {}, log: silentLogger });
  const ids = forge.sections().map((s) => s.id);
  for (const id of ['global', 'global.loss', 'global.optimizer', 'trainer.augmentation']) assert.ok(ids.includes(id), `${id} in ${ids.join(', ')}`);
});

test('listPresets includes the built-in loss and optimizer presets with their sections and sources', async () => {
  const forge = await createForge({ discover: {}, log: silentLogger });
  const all = await listPresets(forge);
  const keyed = new Map(all.map((p) => [`${p.section}:${p.name}`, p]));
  const mae = keyed.get('global.loss:mae-only');
  assert.ok(mae, `have ${[...keyed.keys()].join(', ')}`);
  assert.equal(mae.source, 'losses');
  assert.deepEqual(mae.values, { loss_function: 'mae', loss_function_2: 'none', loss_weight_2: 0 });
  assert.ok(keyed.has('global.loss:sharp'));
  const stable = keyed.get('global.optimizer:stable');
  assert.ok(stable);
  assert.equal(stable.source, 'optimizers');
  assert.deepEqual(stable.values, { optimizer: 'adabelief', epsilon_exponent: -5 });
  // A user dir that does not exist adds nothing.
  assert.equal((await listPresets(forge, join(tmpdir(), 'faceforge-no-such-dir-xyz'))).length, all.length);
});

test('findPreset by name and by SECTION:NAME; an unknown name lists what is available', async () => {
  const forge = await createForge({ discover: {}, log: silentLogger });
  assert.equal((await findPreset(forge, 'stable')).section, 'global.optimizer');
  const sharp = await findPreset(forge, 'global.loss:sharp');
  assert.equal(sharp.name, 'sharp');
  assert.equal(sharp.section, 'global.loss');
  await assert.rejects(findPreset(forge, 'global.optimizer:sharp'), (e: unknown) =>
    e instanceof ConfigError && e.message.startsWith("no preset 'global.optimizer:sharp'. Available: "));
  await assert.rejects(findPreset(forge, 'turbo'), (e: unknown) => {
    assert.ok(e instanceof ConfigError);
    assert.match(e.message, /^no preset 'turbo'\. Available: /);
    for (const name of ['global.loss:mae-only', 'global.loss:sharp', 'global.optimizer:stable']) assert.ok(e.message.includes(name), e.message);
    return true;
  });
});

test('applyPreset replaces only its section with validated values over the current ones', async () => {
  const forge = await createForge({ discover: {}, log: silentLogger });
  const base = defaultValues(forge.sections());
  base['global.optimizer'] = { ...base['global.optimizer'], learning_rate: 1e-4 };
  const out = applyPreset(forge, base, await findPreset(forge, 'stable'));
  assert.deepEqual(out['global.optimizer'], { optimizer: 'adabelief', learning_rate: 1e-4, epsilon_exponent: -5, ada_beta_1: 0.9, ada_beta_2: 0.999 });
  assert.deepEqual(out.global, base.global);
  assert.deepEqual(out['global.loss'], base['global.loss']);
  const loss = applyPreset(forge, base, await findPreset(forge, 'sharp'))['global.loss']!;
  assert.equal(loss.loss_function_3, 'ffl');
  assert.equal(loss.loss_weight_3, 100);
  assert.equal(loss.loss_function, 'ssim');
  // With no values for the section yet, the preset is filled up with defaults.
  const fromEmpty = applyPreset(forge, {}, await findPreset(forge, 'mae-only'));
  assert.equal(fromEmpty['global.loss']!.loss_function, 'mae');
  assert.equal(fromEmpty['global.loss']!.mask_type, 'extended');
});

test('a preset with a bad value fails validation naming the preset', async () => {
  const forge = await createForge({ discover: {}, log: silentLogger, plugins: [tinyPlugin] });
  assert.equal(applyPreset(forge, {}, await findPreset(forge, 'wide'))['model.tiny']!.width, 32);
  const broken = await findPreset(forge, 'model.tiny:broken');
  assert.throws(() => applyPreset(forge, {}, broken), (e: unknown) => {
    assert.ok(e instanceof ConfigError);
    assert.equal(e.message, 'preset model.tiny:broken (tiny): [model.tiny] width = 1000 is not allowed: must be a whole number from 2 to 64');
    return true;
  });
  // A preset for a section nobody owns.
  assert.throws(() => applyPreset(forge, {}, { name: 'x', section: 'model.gone', description: '', values: {}, source: 'f.json' }),
    (e: unknown) => e instanceof ConfigError && e.message === "preset 'x' is for [model.gone], which no installed plugin owns");
});

test('savePreset writes JSON under <dir>/<section>/<name>.json and listPresets/findPreset find it', async () => {
  const dir = await tempDir();
  try {
    const forge = await createForge({ discover: {}, log: silentLogger });
    const path = await savePreset(dir, { name: 'my-fast_1.0', section: 'global.optimizer', description: 'mine', values: { learning_rate: 0.0002 } });
    assert.equal(path, join(dir, 'global.optimizer', 'my-fast_1.0.json'));
    assert.deepEqual(JSON.parse(await readFile(path, 'utf8')), {
      __filetype: 'faceforge_preset', section: 'global.optimizer', description: 'mine', values: { learning_rate: 0.0002 },
    });
    assert.deepEqual(await readdir(join(dir, 'global.optimizer')), ['my-fast_1.0.json']);
    const found = await findPreset(forge, 'my-fast_1.0', dir);
    assert.deepEqual(found, { name: 'my-fast_1.0', section: 'global.optimizer', description: 'mine', values: { learning_rate: 0.0002 }, source: path });
    assert.ok((await listPresets(forge, dir)).some((p) => p.source === path));
    assert.equal(applyPreset(forge, {}, found)['global.optimizer']!.learning_rate, 0.0002);
    // A user preset with a bad value names its file when applied.
    const badPath = await savePreset(dir, { name: 'bad', section: 'global.optimizer', description: '', values: { learning_rate: 5 } });
    const bad = await findPreset(forge, 'bad', dir);
    assert.throws(() => applyPreset(forge, {}, bad), (e: unknown) =>
      e instanceof ConfigError && e.message.startsWith(`preset global.optimizer:bad (${badPath}): [global.optimizer] learning_rate = 5`));
    // Other JSON files and non-JSON files in the folder are ignored.
    await mkdir(join(dir, 'global.loss'), { recursive: true });
    await writeFile(join(dir, 'global.loss', 'other.json'), JSON.stringify({ section: 'global.loss', values: {} }));
    await writeFile(join(dir, 'global.loss', 'notes.txt'), 'hello');
    const names = (await listPresets(forge, dir)).filter((p) => p.source.startsWith(dir)).map((p) => p.name).sort();
    assert.deepEqual(names, ['bad', 'my-fast_1.0']);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('a user preset overrides a plugin preset of the same section and name', async () => {
  const dir = await tempDir();
  try {
    const forge = await createForge({ discover: {}, log: silentLogger });
    const path = await savePreset(dir, { name: 'stable', section: 'global.optimizer', description: 'my stable', values: { optimizer: 'rms-prop' } });
    for (const spec of ['stable', 'global.optimizer:stable']) {
      const found = await findPreset(forge, spec, dir);
      assert.equal(found.source, path);
      assert.equal(found.description, 'my stable');
      assert.equal(applyPreset(forge, {}, found)['global.optimizer']!.optimizer, 'rms-prop');
    }
    // Both are listed; without the user dir the plugin's one is found.
    assert.equal((await listPresets(forge, dir)).filter((p) => p.name === 'stable').length, 2);
    assert.equal((await findPreset(forge, 'stable')).source, 'optimizers');
    // The same name in another section makes the bare name ambiguous.
    await savePreset(dir, { name: 'stable', section: 'global.loss', description: '', values: {} });
    await assert.rejects(findPreset(forge, 'stable', dir), (e: unknown) =>
      e instanceof ConfigError && /exists for several sections \((global\.optimizer, global\.loss|global\.loss, global\.optimizer)\): write SECTION:stable/.test(e.message));
    assert.equal((await findPreset(forge, 'global.loss:stable', dir)).section, 'global.loss');
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('a corrupt user preset file is a ConfigError naming the file', async () => {
  const dir = await tempDir();
  try {
    const forge = await createForge({ discover: {}, log: silentLogger });
    await mkdir(join(dir, 'global.loss'), { recursive: true });
    const path = join(dir, 'global.loss', 'half.json');
    await writeFile(path, '{"__filetype": "faceforge_preset", "sec');
    await assert.rejects(listPresets(forge, dir), (e: unknown) =>
      e instanceof ConfigError && e.message.startsWith(`${path}: not a valid preset file (`));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('savePreset rejects names with / and other unsafe characters, writing nothing', async () => {
  const dir = await tempDir();
  try {
    for (const name of ['a/b', '../escape', 'with space', '', 'x\\y']) {
      await assert.rejects(savePreset(dir, { name, section: 'global', description: '', values: {} }), (e: unknown) =>
        e instanceof ConfigError && e.message === `preset name '${name}' may only use letters, digits, '.', '_' and '-'`);
    }
    assert.deepEqual(await readdir(dir), []);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('a bare preset name two models share is the one of the run\'s model, and must be qualified elsewhere', async () => {
  const forge = await createForge({ discover: {}, log: silentLogger });
  const villain = forge.sectionsFor('villain').map((s) => s.id);
  assert.equal((await findPreset(forge, 'lowmem', undefined, villain)).section, 'model.villain');
  assert.equal((await findPreset(forge, 'lowmem', undefined, forge.sectionsFor('original').map((s) => s.id))).section, 'model.original');
  await assert.rejects(findPreset(forge, 'lowmem'), (e: unknown) => e instanceof ConfigError && e.message.includes('several sections'));
});
