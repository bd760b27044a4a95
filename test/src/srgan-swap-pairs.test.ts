/**
 * SR pairs from a swap model's own output (makeSwapPairs, `faceforge sr pairs`): LR = decoder A's
 * face for a real face framed as convert frames it, HR = that real face at ×4. An SR model trained
 * on them makes convert A→A's face closer to the source than bicubic does, and changes nothing
 * outside the pasted face.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { type Image, type RgbFrame } from '@faceforge/core';
import { defaultValues } from '@faceforge/core/config';
import { FixedFaceLocator, boxFace, convert, probeMedia, readFrames } from '@faceforge/core/convert';
import { readImageRgb } from '@faceforge/core/extract';
import { train } from '@faceforge/core/train';
import { cropPixels, encodePng, loadSrPairs, makeSwapPairs, splitValidation, srganValues, trainSr, SWAP_PAIRS_CENTRE, SWAP_PAIRS_HR_DIR, SWAP_PAIRS_LR_DIR } from '@faceforge/plugin-srgan';
import { FRANCK_FACE_BOX, TINY_PLUGIN_DIR, runFaceforge, sampleClip, sampleFaces, tempDir, tinyForge, tinyTrainOptions, useBackend } from './support.js';

await useBackend();
const BOX = FRANCK_FACE_BOX;
/** Convert locates the face with the fixed box at its own size: one aligned pixel per frame pixel. */
const locator = () => new FixedFaceLocator([boxFace(BOX, BOX.side)]);

/** The box of each frame of `clip`, as a plain face image (a face at the box's framing, what `locator` finds). */
async function boxFaces(clip: string, dir: string, prefix: string): Promise<RgbFrame[]> {
  const frames: RgbFrame[] = [];
  for await (const frame of readFrames(await probeMedia(clip))) {
    const face = new Uint8Array(BOX.side * BOX.side * 3);
    for (let y = 0; y < BOX.side; y++) {
      const from = ((BOX.y + y) * frame.image!.width + BOX.x) * 3;
      face.set(frame.image!.data.subarray(from, from + BOX.side * 3), y * BOX.side * 3);
    }
    await writeFile(join(dir, `${prefix}_${String(frames.length).padStart(3, '0')}.png`), await encodePng({ width: BOX.side, height: BOX.side, data: face }));
    frames.push(frame.image!);
  }
  return frames;
}

// The converted clip (20 s in) and, for the pairs, faces of the same person from 12 s in: no frame of both.
const clip = await sampleClip();
const pairClip = await sampleClip({ start: 12, seconds: 4, fps: 6 });
const sourceFrames: RgbFrame[] = [];
for await (const frame of readFrames(await probeMedia(clip))) sourceFrames.push(frame.image!);
const pairFaces = await tempDir('ff-swap-pairs-faces-');
const pairCount = (await boxFaces(pairClip, pairFaces, 'pair')).length;

const swapModel = await tempDir('ff-swap-pairs-model-');
{
  // A swap model whose decoder A already gives a soft franck (what SR is for), fast: no augmentation, Adam 1e-3.
  const forge = await tinyForge();
  const options = tinyTrainOptions(forge, await sampleFaces(), swapModel, { iterations: 60, saveInterval: 60, batchSize: 8, flags: { flip: false, warp: false, augmentColor: false, warpToLandmarks: false } });
  await train(forge, { ...options, config: { ...options.config, 'global.optimizer': { ...options.config['global.optimizer'], learning_rate: 0.001 } } });
}
const pairsDir = await tempDir('ff-swap-pairs-');
// Whole squares: convert below pastes the whole square (mask none), so that is what the SR model should learn.
const made = await makeSwapPairs({ forge: await tinyForge(), faces: pairFaces, swapModel, side: 'a', output: pairsDir, centre: 1, batchSize: 5 });

/** Runs convert A→A on `input` and returns the frames, the decoder's faces and the frame's own faces as convert saw them. */
async function convertAToA(input: string, upscaler: string | undefined, srModel = '') {
  const forge = await tinyForge();
  const output = await tempDir('ff-swap-pairs-convert-');
  const sections = defaultValues(forge.convertSections());
  const config = { ...sections, 'upscaler.srgan': { ...sections['upscaler.srgan'], model: srModel } };
  const seen: { face: Image; original: Image }[] = [];
  forge.hooks.adjustColour.tap({ name: 'test', stage: -10 }, (face, { original }) => {
    seen.push({ face: { ...face, data: face.data.slice() }, original: { ...original, data: original.data.slice() } });
    return face;
  });
  await convert(forge, { input, modelDir: swapModel, output, writer: 'png', maskType: 'none', batchSize: 4, upscaler, config, swapModel: true, locator: locator() });
  const frames: RgbFrame[] = [];
  for (const name of (await readdir(output)).sort()) frames.push(await readImageRgb(join(output, name)));
  return { frames, seen };
}

test('sr pairs: DIV2K layout that loadSrPairs reads with the given LR; LR is the decoder output convert gets for that face, HR the frame\'s face at ×4', async () => {
  assert.ok(pairCount >= 20, `${pairCount} frames in the pair clip`);
  assert.equal(made.written, pairCount);
  assert.deepEqual([made.inputSize, made.outputSize, made.lrSize, made.hrSize], [32, 32, 32, 128]);
  assert.equal(made.upsampled.length, 0, 'the 180 px box covers more than 128 px');
  assert.equal((await readdir(join(pairsDir, SWAP_PAIRS_HR_DIR))).length, pairCount);
  assert.ok((await readdir(join(pairsDir, SWAP_PAIRS_LR_DIR))).includes('pair_000x4.png'));
  const pairs = await loadSrPairs(pairsDir);
  assert.equal(pairs.length, pairCount);
  for (const pair of pairs) {
    assert.deepEqual([pair.lr.width, pair.lr.height, pair.hr.width, pair.hr.height], [32, 32, 128, 128]);
  }

  // Convert the pair clip itself (bicubic ×4): for each frame, the decoder's face before the upscale
  // must be the pair's LR, and the frame's face at 128 px must match the pair's HR.
  const { seen } = await convertAToA(pairClip, undefined);
  assert.equal(seen.length, pairCount);
  seen.forEach(({ face, original }, i) => {
    const pair = pairs[i]!;
    assert.equal(face.width, 32);
    let worst = 0;
    for (let p = 0; p < face.data.length; p++) worst = Math.max(worst, Math.abs(Math.min(1, Math.max(0, face.data[p]!)) * 255 - pair.lr.data[p]!));
    // 0.5 for the rounding to 8 bits, and float32's last bits (the input comes from the frame in convert, from the file here).
    assert.ok(worst < 1, `face ${i}: LR differs from convert's decoder output by ${worst.toFixed(3)} levels`);
  });
  // HR: bicubic from the face file against convert's area-sampled original, same geometry.
  const { seen: seenHr } = await convertAToA(pairClip, 'bicubic');
  let squared = 0;
  let count = 0;
  seenHr.forEach(({ original }, i) => {
    const hr = pairs[i]!.hr;
    for (let p = 0; p < hr.data.length; p++) {
      squared += (original.data[p]! * 255 - hr.data[p]!) ** 2;
      count++;
    }
  });
  const psnr = 10 * Math.log10((255 * 255) / (squared / count));
  assert.ok(psnr > 38, `HR vs convert's own face at 128 px: ${psnr.toFixed(2)} dB (the same square, resampled two ways)`);
});

test('sr pairs keeps the central SWAP_PAIRS_CENTRE of each square by default: the same pixels as the whole pair\'s centre', async () => {
  const dir = await tempDir('ff-swap-pairs-centre-');
  const three = (name: string) => /pair_00[0-2]\.png$/.test(name);
  const centred = await makeSwapPairs({ forge: await tinyForge(), faces: pairFaces, swapModel, side: 'a', output: dir, include: three });
  assert.equal(SWAP_PAIRS_CENTRE, 0.625);
  assert.deepEqual([centred.written, centred.outputSize, centred.lrSize, centred.hrSize], [3, 32, 20, 80]);
  const whole = (await loadSrPairs(pairsDir)).slice(0, 3);
  for (const [i, pair] of (await loadSrPairs(dir)).entries()) {
    assert.equal(pair.name, whole[i]!.name);
    assert.deepEqual(pair.lr, cropPixels(whole[i]!.lr, 6, 6, 20, 20), `${pair.name}: LR is the central 20 px of the 32 px decoder face`);
    assert.deepEqual(pair.hr, cropPixels(whole[i]!.hr, 24, 24, 80, 80), `${pair.name}: HR is the central 80 px of the 128 px face`);
  }
});

test('faceforge sr pairs writes the pairs and says where; a folder that is not a swap model is refused by name', async () => {
  const home = await tempDir('ff-swap-pairs-cli-');
  const env = { FACEFORGE_DATA_DIR: join(home, 'data'), FACEFORGE_CONFIG_DIR: join(home, 'config'), FACEFORGE_CACHE_DIR: join(home, 'cache') };
  assert.equal((await runFaceforge(['plugins', 'link', TINY_PLUGIN_DIR, '--no-install'], env)).code, 0, 'the swap model\'s plugin is linked');
  const out = join(home, 'pairs');
  const run = await runFaceforge(['sr', 'pairs', '-i', pairFaces, '-m', swapModel, '--side', 'a', '-o', out, '--centre', '1'], env);
  assert.equal(run.code, 0, run.stderr);
  assert.match(run.stdout, new RegExp(`${pairCount} pairs: decoder a's faces \\(32 px in, 32 px out\\), their central 32 px → the real faces' at 128 px`));
  assert.equal((await readdir(join(out, SWAP_PAIRS_HR_DIR))).length, pairCount);
  const wrong = await runFaceforge(['sr', 'pairs', '-i', pairFaces, '-m', pairFaces, '-o', out], env);
  assert.notEqual(wrong.code, 0);
  assert.match(wrong.stderr, new RegExp(`${pairFaces}: no trained model here`));
  const centre = await runFaceforge(['sr', 'pairs', '-i', pairFaces, '-m', swapModel, '-o', out, '--centre', '0'], env);
  assert.notEqual(centre.code, 0);
  assert.match(centre.stderr, /--centre 0: a fraction of the face square in \(0, 1\]/);
});

test('convert A→A with an SR model trained on the swap model\'s pairs: the face is closer to the source than with bicubic, and identical outside it', async (t) => {
  const srModel = await tempDir('ff-swap-pairs-sr-');
  const { train: pairs, validation } = splitValidation(await loadSrPairs(pairsDir), 3);
  // A tiny SR model (2 blocks × 16 filters + bicubic skip), 250 steps of 4 crops of 64 px: validated once, at the end.
  await trainSr({
    modelDir: srModel, pairs, validation, stage: 'pretrain', seed: 1, steps: 250,
    values: srganValues({ residual_blocks: 2, filters: 16, hr_crop: 64, batch_size: 4, learning_rate: 0.005, global_skip: true, validation_interval: 250 }),
  });
  const sr = await convertAToA(clip, 'srgan', srModel);
  const bicubic = await convertAToA(clip, 'bicubic');
  assert.equal(sr.frames.length, sourceFrames.length);
  const inBox = (x: number, y: number) => x >= BOX.x - 2 && x < BOX.x + BOX.side + 2 && y >= BOX.y - 2 && y < BOX.y + BOX.side + 2;
  const squared = { sr: 0, bicubic: 0 };
  let count = 0;
  sourceFrames.forEach((source, f) => {
    const [a, b] = [sr.frames[f]!, bicubic.frames[f]!];
    for (let y = 0; y < source.height; y++) {
      for (let x = 0; x < source.width; x++) {
        for (let c = 0; c < 3; c++) {
          const i = (y * source.width + x) * 3 + c;
          if (!inBox(x, y)) {
            assert.equal(a.data[i], source.data[i], `frame ${f} (${x}, ${y}) outside the face is the source's`);
            assert.equal(b.data[i], source.data[i]);
            continue;
          }
          squared.sr += (a.data[i]! - source.data[i]!) ** 2;
          squared.bicubic += (b.data[i]! - source.data[i]!) ** 2;
          count++;
        }
      }
    }
  });
  const psnr = (sum: number) => 10 * Math.log10((255 * 255) / (sum / count));
  const [srPsnr, bicubicPsnr] = [psnr(squared.sr), psnr(squared.bicubic)];
  t.diagnostic(`face box vs the source: srgan ${srPsnr.toFixed(3)} dB, bicubic ${bicubicPsnr.toFixed(3)} dB`);
  assert.ok(srPsnr > bicubicPsnr + 0.3, `face box vs the source: srgan ${srPsnr.toFixed(3)} dB, bicubic ${bicubicPsnr.toFixed(3)} dB`);
});
