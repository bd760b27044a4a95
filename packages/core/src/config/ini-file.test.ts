import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defineSection, option } from './options.js';
import { defaultValues, parseIni, readIniFile, renderIni, writeIniFile } from './ini-file.js';
import { ConfigError } from '../util/errors.js';

const globalSection = defineSection('global', 'Options that apply to every model.', {
  coverage: option.number({ default: 87.5, min: 62.5, max: 100, step: 0.5, group: 'face', fixed: true, help: 'How much of the face the model sees, in percent.' }),
  batch: option.integer({ default: 16, min: 1, max: 256, group: 'train', help: 'Faces per batch.' }),
});
const lossSection = defineSection('global.loss', 'Loss options.', {
  loss_function: option.choice({ choices: ['ssim', 'mae', 'mse'] as const, default: 'ssim', group: 'loss', help: 'The main loss function.' }),
  penalized: option.boolean({ default: true, group: 'mask', fixed: true, help: 'Score only the area inside the face mask.' }),
  learning_rate: option.number({ default: 5e-5, min: 1e-6, max: 1e-3, group: 'opt', help: 'Learning rate: how far each update moves the weights.' }),
});
const modelSection = defineSection('model.tiny', 'A tiny model for tests. This help text is long enough that it needs to be wrapped over more than one comment line in the rendered file.', {
  width: option.integer({ default: 8, min: 2, max: 64, group: 'model', fixed: true, help: 'Channel width.' }),
  flip: option.boolean({ default: false, group: 'model', help: 'Flip the output.' }),
});
const sections = [globalSection, lossSection, modelSection];

function configError(fn: () => unknown): ConfigError {
  try {
    fn();
  } catch (error) {
    assert.ok(error instanceof ConfigError, `expected ConfigError, got ${String(error)}`);
    return error;
  }
  assert.fail('expected a ConfigError');
}

const DEFAULTS = {
  global: { coverage: 87.5, batch: 16 },
  'global.loss': { loss_function: 'ssim', penalized: true, learning_rate: 5e-5 },
  'model.tiny': { width: 8, flip: false },
};

test('defaultValues lists every section with its defaults', () => {
  assert.deepEqual(defaultValues(sections), DEFAULTS);
});

test('renderIni → parseIni round trip equals the defaults', () => {
  const text = renderIni(sections);
  assert.deepEqual(parseIni(text, sections, 'train.ini'), DEFAULTS);
});

test('changed values survive a round trip, untouched options keep their defaults', () => {
  const changed = {
    global: { coverage: 62.5, batch: 3 },
    'global.loss': { loss_function: 'mae', learning_rate: 0.000123 },
    'model.tiny': { flip: true },
  };
  const parsed = parseIni(renderIni(sections, changed), sections, 'train.ini');
  assert.deepEqual(parsed, {
    global: { coverage: 62.5, batch: 3 },
    'global.loss': { loss_function: 'mae', penalized: true, learning_rate: 0.000123 },
    'model.tiny': { width: 8, flip: true },
  });
  // The rendered file shows the current value, while the comment keeps the default.
  const text = renderIni(sections, changed);
  assert.match(text, /^batch = 3$/m);
  assert.match(text, /\[Default: 16\]/);
  assert.match(text, /^loss_function = mae$/m);
});

test('comments carry each option\'s help, allowed values and default; fixed options say so', () => {
  const text = renderIni(sections);
  const lines = text.split('\n');
  const block = (key: string): string[] => {
    const at = lines.findIndex((l) => l.startsWith(`${key} = `));
    assert.ok(at > 0, `no line for ${key}`);
    const out: string[] = [];
    for (let i = at - 1; i >= 0 && lines[i]!.startsWith('#'); i--) out.unshift(lines[i]!);
    return out;
  };
  assert.deepEqual(block('coverage'), [
    '# How much of the face the model sees, in percent.',
    '# Allowed: a number from 62.5 to 100. [Default: 87.5] Fixed when the model is created.',
  ]);
  assert.deepEqual(block('batch'), ['# Faces per batch.', '# Allowed: a whole number from 1 to 256. [Default: 16]']);
  assert.deepEqual(block('loss_function'), ['# The main loss function.', '# Allowed: one of: ssim, mae, mse. [Default: ssim]']);
  assert.deepEqual(block('penalized'), [
    '# Score only the area inside the face mask.',
    '# Allowed: true or false. [Default: true] Fixed when the model is created.',
  ]);
  assert.deepEqual(block('learning_rate'), [
    '# Learning rate: how far each update moves the weights.',
    '# Allowed: a number from 0.000001 to 0.001. [Default: 0.00005]',
  ]);
  assert.ok(!block('flip').some((l) => l.includes('Fixed')));
  assert.ok(block('width').some((l) => l.endsWith('Fixed when the model is created.')));
  // Fixed marker appears exactly once per fixed option (coverage, penalized, width).
  assert.equal(text.split('Fixed when the model is created.').length - 1, 3);
  // Section help is upper-cased and wrapped to at most 96 characters per comment.
  const at = lines.indexOf('[model.tiny]');
  assert.ok(lines[at - 1]!.startsWith('# ') && lines[at - 2]!.startsWith('# A TINY MODEL FOR TESTS.'));
  for (const line of lines) if (line.startsWith('# ')) assert.ok(line.length <= 98, line);
  assert.ok(lines.includes('[global]') && lines.includes('[global.loss]'));
});

test('strings in an ini are coerced: numbers, true/false/yes/no, choices lower-cased', () => {
  const text = '[global]\ncoverage = 90\nbatch = 32\n[global.loss]\nloss_function = MSE\npenalized = no\nlearning_rate = 1e-4\n[model.tiny]\nflip = yes\nwidth = 16\n';
  assert.deepEqual(parseIni(text, sections, 'a.ini'), {
    global: { coverage: 90, batch: 32 },
    'global.loss': { loss_function: 'mse', penalized: false, learning_rate: 1e-4 },
    'model.tiny': { width: 16, flip: true },
  });
  const t2 = parseIni('[global.loss]\npenalized = false\n[model.tiny]\nflip = TRUE\n', sections, 'a.ini');
  assert.equal(t2['global.loss']!.penalized, false);
  assert.equal(t2['model.tiny']!.flip, true);
});

test('missing sections and keys get defaults; an empty file is all defaults', () => {
  assert.deepEqual(parseIni('', sections, 'a.ini'), DEFAULTS);
  assert.deepEqual(parseIni('# only a comment\n', sections, 'a.ini'), DEFAULTS);
  const parsed = parseIni('[model.tiny]\nwidth = 4\n', sections, 'a.ini');
  assert.deepEqual(parsed, { ...DEFAULTS, 'model.tiny': { width: 4, flip: false } });
});

test('a bad value fails naming file, [section], key, value and the allowed range or choices', () => {
  let error = configError(() => parseIni('[global]\nbatch = 1.5\n', sections, '/cfg/train.ini'));
  assert.equal(error.message, '/cfg/train.ini: [global] batch = "1.5" is not allowed: must be a whole number from 1 to 256');
  error = configError(() => parseIni('[global]\ncoverage = 50\n', sections, '/cfg/train.ini'));
  assert.equal(error.message, '/cfg/train.ini: [global] coverage = "50" is not allowed: must be a number from 62.5 to 100');
  error = configError(() => parseIni('[global.loss]\nloss_function = lpips\n', sections, '/cfg/train.ini'));
  assert.equal(error.message, '/cfg/train.ini: [global.loss] loss_function = "lpips" is not allowed: must be one of: ssim, mae, mse');
  error = configError(() => parseIni('[model.tiny]\nflip = perhaps\n', sections, '/cfg/train.ini'));
  assert.equal(error.message, '/cfg/train.ini: [model.tiny] flip = "perhaps" is not allowed: must be true or false');
});

test('an unknown key lists the known options of its section', () => {
  const error = configError(() => parseIni('[model.tiny]\nheight = 4\n', sections, 'x.ini'));
  assert.equal(error.message, "x.ini: [model.tiny] has no option 'height'. Known options: width, flip");
});

test('an unknown section lists the known sections, also one nested under a known section', () => {
  let error = configError(() => parseIni('[model.huge]\nwidth = 4\n', sections, 'x.ini'));
  assert.equal(error.message, 'x.ini: unknown section [model.huge]. Known sections: [global], [global.loss], [model.tiny]');
  error = configError(() => parseIni('[global.optimizer]\nlr = 1\n', sections, 'x.ini'));
  assert.match(error.message, /^x\.ini: unknown section \[global\.optimizer\]\. Known sections: \[global\], \[global\.loss\], \[model\.tiny\]$/);
});

test('a key outside any section is an error naming the key', () => {
  const error = configError(() => parseIni('batch = 4\n[global]\nbatch = 8\n', sections, 'x.ini'));
  assert.equal(error.message, "x.ini: option 'batch' is outside any section; put it under its [section]");
});

test('writeIniFile/readIniFile round trip through a file; a missing file is a ConfigError naming it', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'faceforge-ini-'));
  try {
    const path = join(dir, 'nested', 'train.ini');
    const values = { global: { coverage: 100, batch: 7 } };
    await writeIniFile(path, sections, values);
    assert.deepEqual(await readdir(join(dir, 'nested')), ['train.ini']);
    assert.equal(await readFile(path, 'utf8'), renderIni(sections, values));
    assert.deepEqual(await readIniFile(path, sections), { ...DEFAULTS, global: { coverage: 100, batch: 7 } });

    await writeFile(path, '[global]\nbatch = 0\n');
    await assert.rejects(readIniFile(path, sections), (e: unknown) => e instanceof ConfigError && e.message.startsWith(`${path}: [global] batch = "0"`));
    const missing = join(dir, 'missing.ini');
    await assert.rejects(readIniFile(missing, sections), (e: unknown) => e instanceof ConfigError && e.message.startsWith(`${missing}: cannot read the config file`));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
