import { test } from 'node:test';
import assert from 'node:assert/strict';
import { defineSection, option, describeOptions, allowedText, sectionDefaults } from './options.js';
import { resolveSection } from './validate.js';
import { ConfigError } from '../util/errors.js';

const section = defineSection('model.test', 'Options of the test model.', {
  size: option.integer({ default: 64, min: 16, max: 256, group: 'model', fixed: true, help: 'Output size in pixels.' }),
  rate: option.number({ default: 0.5, min: 0, max: 1, step: 0.25, group: 'train', help: 'A rate between zero and one.' }),
  flip: option.boolean({ default: true, group: 'train', help: 'Flip faces horizontally.' }),
  mode: option.choice({ choices: ['fast', 'slow', 'exact'] as const, default: 'fast', group: 'train', help: 'How to run.' }),
});
const src = { file: 'train.ini' };

function configError(fn: () => unknown): ConfigError {
  try {
    fn();
  } catch (error) {
    assert.ok(error instanceof ConfigError, `expected ConfigError, got ${String(error)}`);
    return error;
  }
  assert.fail('expected a ConfigError');
}

test('describeOptions reads the schema back: types, defaults, ranges, choices, fixed, groups', () => {
  const infos = describeOptions(section);
  assert.deepEqual(infos.map((i) => i.key), ['size', 'rate', 'flip', 'mode']);
  const [size, rate, flip, mode] = infos as [typeof infos[0], typeof infos[0], typeof infos[0], typeof infos[0]];
  assert.deepEqual(
    { type: size.type, default: size.default, min: size.minimum, max: size.maximum, fixed: size.fixed, group: size.group, help: size.help },
    { type: 'integer', default: 64, min: 16, max: 256, fixed: true, group: 'model', help: 'Output size in pixels.' },
  );
  assert.equal(rate.type, 'number');
  assert.equal(rate.fixed, false);
  assert.equal(flip.type, 'boolean');
  assert.equal(flip.default, true);
  assert.equal(mode.type, 'string');
  assert.deepEqual(mode.choices, ['fast', 'slow', 'exact']);
  assert.equal(allowedText(size), 'a whole number from 16 to 256');
  assert.equal(allowedText(rate), 'a number from 0 to 1');
  assert.equal(allowedText(flip), 'true or false');
  assert.equal(allowedText(mode), 'one of: fast, slow, exact');
  assert.deepEqual(sectionDefaults(section), { size: 64, rate: 0.5, flip: true, mode: 'fast' });
});

test('missing keys get their defaults; an empty object resolves to the defaults', () => {
  assert.deepEqual(resolveSection(section, {}, src), { size: 64, rate: 0.5, flip: true, mode: 'fast' });
  assert.deepEqual(resolveSection(section, { rate: 0.25, size: undefined }, src), { size: 64, rate: 0.25, flip: true, mode: 'fast' });
});

test('strings are coerced: numbers, booleans (true/false/yes/no/on/off/1/0), choices lower-cased and trimmed', () => {
  assert.deepEqual(resolveSection(section, { size: '128', rate: ' 0.75 ', flip: 'no', mode: 'SLOW' }, src), {
    size: 128, rate: 0.75, flip: false, mode: 'slow',
  });
  assert.equal(resolveSection(section, { rate: '1e-1' }, src).rate, 0.1);
  for (const [text, value] of [['true', true], ['TRUE', true], ['yes', true], ['On', true], ['1', true], ['false', false], ['No', false], ['off', false], ['0', false]] as const) {
    assert.equal(resolveSection(section, { flip: text }, src).flip, value, text);
  }
  assert.equal(resolveSection(section, { mode: '  Exact ' }, src).mode, 'exact');
  // Typed values (from JSON presets) pass through unchanged.
  assert.deepEqual(resolveSection(section, { size: 16, rate: 1, flip: false, mode: 'exact' }, src), { size: 16, rate: 1, flip: false, mode: 'exact' });
});

test('range ends are inclusive; values just outside fail', () => {
  assert.equal(resolveSection(section, { size: '16' }, src).size, 16);
  assert.equal(resolveSection(section, { size: '256' }, src).size, 256);
  assert.equal(resolveSection(section, { rate: '0' }, src).rate, 0);
  configError(() => resolveSection(section, { size: 15 }, src));
  configError(() => resolveSection(section, { size: 257 }, src));
  configError(() => resolveSection(section, { rate: -0.001 }, src));
  configError(() => resolveSection(section, { rate: 1.0001 }, src));
});

test('integer options reject 1.5 (as a string and as a number) naming the whole-number range', () => {
  const sizeSection = defineSection('s', 'h', { n: option.integer({ default: 2, min: 0, max: 10, group: 'g', help: 'n' }) });
  for (const raw of ['1.5', 1.5]) {
    const error = configError(() => resolveSection(sizeSection, { n: raw }, src));
    assert.match(error.message, /a whole number from 0 to 10/);
    assert.ok(error.message.includes('1.5'));
  }
  assert.equal(resolveSection(sizeSection, { n: '3' }, src).n, 3);
});

test('a bad value error names the file, [section], key, bad value and what is allowed', () => {
  const cases: Array<[string, unknown, string]> = [
    ['size', '300', 'a whole number from 16 to 256'],
    ['rate', 'fast', 'a number from 0 to 1'],
    ['flip', 'maybe', 'true or false'],
    ['mode', 'turbo', 'one of: fast, slow, exact'],
  ];
  for (const [key, raw, allowed] of cases) {
    const error = configError(() => resolveSection(section, { [key]: raw }, { file: '/home/me/train.ini' }));
    assert.equal(error.name, 'ConfigError');
    assert.ok(error.message.startsWith('/home/me/train.ini: '), error.message);
    assert.ok(error.message.includes('[model.test]'), error.message);
    assert.ok(error.message.includes(` ${key} = `), error.message);
    assert.ok(error.message.includes(JSON.stringify(raw)), error.message);
    assert.ok(error.message.endsWith(`must be ${allowed}`), error.message);
  }
});

test('non-finite, empty and wrongly typed values are rejected', () => {
  configError(() => resolveSection(section, { rate: '' }, src));
  configError(() => resolveSection(section, { rate: 'NaN' }, src));
  configError(() => resolveSection(section, { rate: 'Infinity' }, src));
  configError(() => resolveSection(section, { rate: Number.NaN }, src));
  configError(() => resolveSection(section, { flip: 1 }, src));
  configError(() => resolveSection(section, { mode: 3 }, src));
  configError(() => resolveSection(section, { size: null }, src));
});

test('an unknown key fails naming the section and listing the known options', () => {
  const error = configError(() => resolveSection(section, { sizee: 64 }, src));
  assert.equal(error.message, "train.ini: [model.test] has no option 'sizee'. Known options: size, rate, flip, mode");
});
