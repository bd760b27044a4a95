import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { type ConfigValues } from '@faceforge/core/config';
import { readState, train } from '@faceforge/core/train';
import { sampleFaces, tempDir, tinyForge, tinyTrainOptions, useBackend } from './support.js';

await useBackend();

async function lossesOf(run: (record: (loss: [number, number]) => void) => Promise<void>): Promise<Array<[number, number]>> {
  const out: Array<[number, number]> = [];
  await run((loss) => out.push(loss));
  return out;
}

async function session(dir: string, iterations: number, config?: (c: ConfigValues) => void) {
  const forge = await tinyForge();
  const faces = await sampleFaces();
  const options = tinyTrainOptions(forge, faces, dir, { iterations, saveInterval: 4 });
  config?.(options.config);
  return lossesOf(async (record) => {
    forge.hooks.afterStep.tap('test', (step) => record([step.lossA, step.lossB]));
    await train(forge, options);
  });
}

test('a resumed run continues exactly: its losses equal an uninterrupted run with the same seed', async () => {
  const straight = await session(await tempDir(), 10);
  const dir = await tempDir();
  const first = await session(dir, 6);
  const second = await session(dir, 4);
  assert.equal(straight.length, 10);
  assert.deepEqual([...first, ...second], straight, 'per-iteration losses of 6 + 4 iterations equal 10 straight');
  const state = await readState(dir);
  assert.equal(state?.iterations, 10);
  assert.deepEqual(state?.sessions.map((s) => s.iterations), [6, 4]);
});

test('fixed options are locked at creation; a later change is reported, not applied', async () => {
  const dir = await tempDir();
  await session(dir, 1);
  const warnings: string[] = [];
  const forge = await tinyForge({ info: () => undefined, warn: (m) => warnings.push(m) });
  const options = tinyTrainOptions(forge, await sampleFaces(), dir, { iterations: 1 });
  options.config['model.tiny'] = { ...options.config['model.tiny'], filters: 32 };
  options.config['global.optimizer'] = { ...options.config['global.optimizer'], learning_rate: 1e-4 };
  await train(forge, options);
  assert.ok(warnings.some((w) => w.includes('[model.tiny] filters') && w.includes('32') && w.includes('16')), warnings.join(' | '));
  const state = await readState(dir);
  assert.equal(state?.config['model.tiny']?.filters, 16, 'the locked value stays');
  assert.equal(state?.sessions[1]?.config['global.optimizer']?.learning_rate, 1e-4, 'a changeable option is taken and recorded per session');
  const encoder = await readFile(join(dir, 'encoder.weights'));
  assert.ok(encoder.length > 0);
});
