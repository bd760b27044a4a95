/**
 * RealFace and Villain with what already exists, on real faces: a RealFace 64 → 128 model converts a
 * clip (frames of the clip's size, the 128 px face pasted over the face's box and nowhere else), its
 * encoder pack round-trips into a new model, and its decoders move only to their own side; a Villain
 * encoder pack starts a Villain model and refuses an Original one, naming both fingerprints.
 * One training step each: these models are large (RealFace 238 M parameters, lowmem Villain 119 M).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { createForge, decodeWeights, type Forge, type RgbFrame } from '@faceforge/core';
import { defaultValues } from '@faceforge/core/config';
import { FixedFaceLocator, boxFace, convert, probeMedia, readFrames } from '@faceforge/core/convert';
import { readImageRgb } from '@faceforge/core/extract';
import { packEncoder, swapDecoder } from '@faceforge/core/packs';
import { readState, train, type TrainOptions } from '@faceforge/core/train';
import { PackError, PackStore } from '@faceforge/packs';
import { FRANCK_FACE_BOX, recordingLogger, sampleClip, sampleFaces, tempDir, useBackend } from './support.js';

await useBackend('native');
const faces = await sampleFaces();

async function forge(): Promise<Forge> {
  return createForge({ log: recordingLogger() });
}

/** One step of `model` at batch 2, its own section's defaults with `config` over them. */
async function trainOnce(modelName: string, modelDir: string, config: Record<string, unknown> = {}, overrides: Partial<TrainOptions> = {}) {
  const host = await forge();
  const values = defaultValues(host.sectionsFor(modelName));
  values[`model.${modelName}`] = { ...values[`model.${modelName}`], ...config };
  await train(host, {
    modelDir, inputA: faces.a, inputB: faces.b, modelName, batchSize: 2, iterations: 1, saveInterval: 1, snapshotInterval: 0,
    config: values, seed: 5, preview: false, flags: { flip: false, warp: false, augmentColor: false, warpToLandmarks: false }, ...overrides,
  });
}

async function tensors(dir: string, part: string): Promise<Float32Array[]> {
  const file = join(dir, `${part}.weights`);
  return [...decodeWeights(await readFile(file), file).tensors.values()].map((t) => t.data);
}
const equalData = (x: Float32Array[], y: Float32Array[]) => x.length === y.length && x.every((t, i) => t.length === y[i]!.length && t.every((v, j) => v === y[i]![j]));

const packError = (pattern: RegExp) => (error: unknown) => {
  assert.ok(error instanceof PackError, `expected a PackError, got ${String(error)}`);
  assert.match(error.message, pattern);
  return true;
};

const realface = join(await tempDir('ff-realface-'), 'model');
await trainOnce('realface', realface);

test('a RealFace 64 → 128 model converts a clip: frames of the clip size, the 128 px face pasted over the face box only', async () => {
  const clip = await sampleClip();
  const media = await probeMedia(clip);
  const source: RgbFrame[] = [];
  for await (const frame of readFrames(media)) source.push(frame.image!);
  const host = await forge();
  const blended: Array<{ size: number; matrix: number[] }> = [];
  host.hooks.blend.tap({ name: 'test', stage: 10 }, (frame, { face }) => {
    blended.push({ size: face.mask.width, matrix: face.matrix });
    return frame;
  });
  const out = await tempDir('ff-realface-convert-');
  // the locator hands faces at the model's input size; convert cuts 64 px inputs and pastes 128 px outputs
  const result = await convert(host, {
    input: clip, modelDir: realface, output: out, writer: 'png', maskType: 'none', batchSize: 4,
    locator: new FixedFaceLocator([boxFace(FRANCK_FACE_BOX, 64)]),
  });
  assert.equal(result.written, media.frameCount);
  assert.deepEqual(result.failed, []);
  assert.ok(blended.length === media.frameCount && blended.every((b) => b.size === 128), `every face blended at 128 px: ${blended.map((b) => b.size).join(',')}`);
  // The 128 px face's matrix is the 64 px one scaled by 2: the same box of the frame.
  const [a, , c] = blended[0]!.matrix;
  const scale = 128 / FRANCK_FACE_BOX.side;
  assert.ok(Math.abs(a! - scale) < 1e-6, `frame → face scale ${a} for a ${FRANCK_FACE_BOX.side} px box at 128 px`);
  assert.ok(Math.abs(-c! / a! - FRANCK_FACE_BOX.x) < 1, `the face starts at x ${-c! / a!}`);

  const names = (await readdir(out)).filter((n) => n.endsWith('.png')).sort();
  assert.equal(names.length, media.frameCount);
  const frame = await readImageRgb(join(out, names[5]!));
  assert.deepEqual([frame.width, frame.height], [media.width, media.height], 'frames keep the clip size');
  // Every changed pixel lies in the face box; the box's middle changed.
  const box = FRANCK_FACE_BOX;
  let inside = 0;
  let outside = 0;
  for (let y = 0; y < frame.height; y++) {
    for (let x = 0; x < frame.width; x++) {
      const at = (y * frame.width + x) * 3;
      const changed = [0, 1, 2].some((k) => frame.data[at + k] !== source[5]!.data[at + k]);
      if (!changed) continue;
      if (x >= box.x - 1 && x <= box.x + box.side && y >= box.y - 1 && y <= box.y + box.side) inside++;
      else outside++;
    }
  }
  assert.equal(outside, 0, 'no pixel outside the face box changed');
  assert.ok(inside > 0.5 * box.side * box.side, `the face box changed (${inside} of ${box.side * box.side} pixels)`);
});

test("RealFace: its encoder pack starts a new model bit for bit; a decoder moves only to its own side, and the refusal says so", async () => {
  const store = new PackStore(await tempDir('ff-home-'));
  const { manifest } = await packEncoder({ modelDir: realface, name: 'realface-faces', version: '1.0.0', store });
  assert.equal(manifest.model.plugin, 'realface');
  assert.equal(manifest.model.inputSize, 64);
  const stored = await store.resolve('encoder', 'realface-faces');
  const second = join(await tempDir('ff-realface-2-'), 'model');
  await trainOnce('realface', second, {}, { encoderPack: { manifest: stored.manifest, weights: await store.readWeights(stored) }, freezeWeights: true, seed: 9 });
  assert.ok(equalData(await tensors(second, 'encoder'), await tensors(realface, 'encoder')), 'the encoder is the pack\'s');

  const beforeA = await readFile(join(second, 'decoder_a.weights'));
  await assert.rejects(
    swapDecoder({ from: realface, fromSide: 'b', to: second, toSide: 'a' }),
    packError(/refused: decoder_b of .* is a decoder_b, and the decoders of a 'realface' model differ in shape by side \(decoder_b 144,441,027 parameters, decoder_a 64,196,041\): a decoder moves only to the same side/),
  );
  assert.ok((await readFile(join(second, 'decoder_a.weights'))).equals(beforeA), 'the refused model is untouched');
  await swapDecoder({ from: realface, fromSide: 'b', to: second, toSide: 'b' });
  assert.ok(equalData(await tensors(second, 'decoder_b'), await tensors(realface, 'decoder_b')), 'same side: moved');
  assert.deepEqual((await readState(second))!.lineage.at(-1)!.type, 'decoder-swap');
});

test('Villain: its encoder pack starts a Villain model and refuses an Original one, naming both fingerprints', async () => {
  const villain = join(await tempDir('ff-villain-'), 'model');
  await trainOnce('villain', villain, { lowmem: true });
  const store = new PackStore(await tempDir('ff-home-'));
  const { manifest } = await packEncoder({ modelDir: villain, name: 'villain-faces', version: '1.0.0', store });
  assert.deepEqual([manifest.model.plugin, manifest.model.inputSize], ['villain', 128]);
  const stored = await store.resolve('encoder', 'villain-faces');
  const pack = { manifest: stored.manifest, weights: await store.readWeights(stored) };

  const original = join(await tempDir('ff-original-'), 'model');
  await assert.rejects(
    trainOnce('original', original, {}, { encoderPack: pack }),
    packError(new RegExp(`refused: villain-faces@1\\.0\\.0 holds an encoder for the 'villain' model \\(fingerprint ${manifest.fingerprint}\\), not 'original'; this 'original' model's encoder has fingerprint sha256:[0-9a-f]{64}\\. Train with -t villain`)),
  );
  const again = join(await tempDir('ff-villain-2-'), 'model');
  await trainOnce('villain', again, { lowmem: true }, { encoderPack: pack, freezeWeights: true, seed: 9 });
  assert.ok(equalData(await tensors(again, 'encoder'), await tensors(villain, 'encoder')), 'the encoder is the pack\'s');
});
