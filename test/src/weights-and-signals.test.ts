import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { decodeWeights } from '@faceforge/core';
import { readState, train } from '@faceforge/core/train';
import { TEST_ROOT, TINY_PLUGIN_DIR, sampleFaces, tempDir, tinyForge, tinyTrainOptions, useBackend } from './support.js';

await useBackend();

async function weights(dir: string, part: string) {
  const file = join(dir, `${part}.weights`);
  return decodeWeights(await readFile(file), file).tensors;
}

function sameTensors(x: Map<string, { data: Float32Array }>, y: Map<string, { data: Float32Array }>): boolean {
  return [...x].every(([name, t]) => {
    const other = y.get(name);
    return other !== undefined && t.data.length === other.data.length && t.data.every((v, i) => v === other.data[i]);
  });
}

test('--load-weights starts a new model from another model\'s encoder; --freeze-weights keeps it unchanged', async () => {
  const faces = await sampleFaces();
  const source = await tempDir();
  const forge = await tinyForge();
  await train(forge, tinyTrainOptions(forge, faces, source, { iterations: 3 }));
  const target = await tempDir();
  const forge2 = await tinyForge();
  await train(forge2, tinyTrainOptions(forge2, faces, target, { iterations: 3, loadWeights: source, freezeWeights: true, seed: 99 }));
  assert.ok(sameTensors(await weights(source, 'encoder'), await weights(target, 'encoder')), 'frozen encoder equals the loaded one');
  assert.ok(!sameTensors(await weights(source, 'decoder_a'), await weights(target, 'decoder_a')), 'decoders are new');
  const state = await readState(target);
  assert.equal(state?.lineage[0]?.type, 'load-weights');
  assert.equal(state?.lineage[0]?.from, source);
  // Unfrozen in the next session, the encoder trains.
  const forge3 = await tinyForge();
  await train(forge3, tinyTrainOptions(forge3, faces, target, { iterations: 2 }));
  assert.ok(!sameTensors(await weights(source, 'encoder'), await weights(target, 'encoder')), 'the encoder trains once unfrozen');
});

test('snapshots are full copies in <model>_snapshot_<N>_iters; timelapse frames are written each save', async () => {
  const faces = await sampleFaces();
  const dir = join(await tempDir(), 'model');
  const timelapse = join(await tempDir(), 'timelapse');
  const forge = await tinyForge();
  await train(forge, tinyTrainOptions(forge, faces, dir, {
    iterations: 4, saveInterval: 2, snapshotInterval: 2, timelapse: { inputA: faces.a, inputB: faces.b, output: timelapse },
  }));
  for (const n of [2, 4]) {
    const snapshot = `${dir}_snapshot_${n}_iters`;
    assert.equal((await readState(snapshot))?.iterations, n);
    assert.ok((await readdir(snapshot)).includes('encoder.weights'));
    // Taken while train holds the model's lock: a snapshot is a model nobody is writing.
    assert.ok(!(await readdir(snapshot)).some((name) => name.startsWith('.faceforge.lock')), 'no lock in the snapshot');
  }
  const frames = (await readdir(timelapse)).filter((f) => f.endsWith('.jpg'));
  assert.ok(frames.length >= 1, `timelapse frames: ${frames.join(', ')}`);
});

test('SIGTERM during training saves and exits cleanly', async () => {
  const faces = await sampleFaces();
  const home = await tempDir('ff-sig-');
  const model = join(home, 'model');
  const bin = join(TEST_ROOT, '..', 'packages', 'cli', 'bin', 'run.js');
  const env = { ...process.env, CI: '1', FACEFORGE_DATA_DIR: join(home, 'data'), FACEFORGE_BACKEND: 'wasm' };
  const link = spawn(process.execPath, [bin, 'plugins', 'link', TINY_PLUGIN_DIR, '--no-install'], { env, stdio: 'ignore' });
  await new Promise((resolve) => link.on('close', resolve));
  const child = spawn(process.execPath, [bin, 'train', '-A', faces.a, '-B', faces.b, '-m', model, '-t', 'tiny', '-b', '4', '-i', '100000', '-s', '100000'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (c) => (output += c));
  child.stderr.on('data', (c) => (output += c));
  await new Promise<void>((resolve) => {
    const poll = setInterval(() => {
      if (/faces: A \d+/.test(output)) {
        clearInterval(poll);
        setTimeout(resolve, 3000); // let a few iterations run
      }
    }, 100);
  });
  child.kill('SIGTERM');
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  assert.equal(code, 0, output);
  assert.match(output, /SIGTERM: finishing this iteration, then saving/);
  const state = await readState(model);
  assert.ok((state?.iterations ?? 0) >= 1, `saved iterations: ${state?.iterations}`);
  assert.match(output, new RegExp(`saved .*: ${state!.iterations} iterations in total`));
});
