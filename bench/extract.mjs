// Extraction speed: face-api's per-frame chain next to the batched path and the batched + tracked
// path, in one run, on the sample clip (franck.mp4, 360x288) and on a 1080p version of it the bench
// makes with ffmpeg. Fixed settings: SSD detector, native backend, every frame, 512 px faces; each
// path decodes, detects, aligns and writes the faces with their metadata (extractFaces), after a
// warm-up. Prints faces/s, the speed-ups, how far the tracked landmarks lie from per-frame detection
// on the same frames (mean px in the 512 px aligned face), and RSS at frames 500 and 4,000 of a
// long tracked run.
//   npm run bench -- extract [--frames 96] [--start 100] [--detect-every 16] [--batch 8] [--rounds 3] [--long 4000] [--profile]
//     --rounds N  the three paths take turns N times; each path's fastest round is reported, and each
//                 round's ratio to the per-frame path
//     --long 0    skips the long run
//     --profile   first, face-api's per-frame chain on a few frames under tfjs's profiler: seconds per
//                 kernel, and the kernels that ran in JS on the cpu backend (as `bench train --profile`)
import { spawnSync } from 'node:child_process';
import { access, mkdtemp, rename, rm } from 'node:fs/promises';
import { tmpdir, cpus } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { clmtrackrMediaDir, createForge, silentLogger, tf } from '@faceforge/core';
import { describePeakMemory, peakMemory, selectBackend } from '@faceforge/core/backend';
import { alignFace, createFaceDetector, DEFAULT_TRACKING, extractFaces, openFrameSource, readAlignments, storedLandmarkMasks } from '@faceforge/core/extract';
import { ffmpegPath } from '@faceforge/core/media';

const { values: args } = parseArgs({
  options: {
    frames: { type: 'string', default: '96' },
    start: { type: 'string', default: '100' },
    'detect-every': { type: 'string', default: String(DEFAULT_TRACKING.detectEvery) },
    batch: { type: 'string', default: '8' },
    rounds: { type: 'string', default: '3' },
    long: { type: 'string', default: '4000' },
    profile: { type: 'boolean', default: false },
  },
});
const SIZE = 512;
/** Frames of each path's warm-up before each timed run: two detections' worth when tracked. */
const WARM_UP_FRAMES = 32;
const frames = Number(args.frames), start = Number(args.start), longFrames = Number(args.long);
const tracking = { detectEvery: Number(args['detect-every']) };
const batchSize = Number(args.batch);
const rounds = Math.max(1, Number(args.rounds));
const backend = await selectBackend({ requested: 'native', log: () => undefined });
const storedMasks = storedLandmarkMasks((await createForge({ log: silentLogger })).masks);
const detector = await createFaceDetector({ detector: 'ssd', backend: 'native' });
const sample = join(clmtrackrMediaDir(), 'franck.mp4');

console.log(`extract: ssd detector on ${detector.backend} (tfjs backend ${backend.name}), every frame, ${SIZE} px faces, ${cpus().length} cores; batches of ${batchSize}, tracked: detector every ${tracking.detectEvery} frames`);
if (args.profile) await profile();

/** The sample clip scaled to 1080 lines and centred on a 1920x1080 frame (cached in the temp folder). */
async function hdClip() {
  const path = join(tmpdir(), `faceforge-bench-franck-1080p-${start}-${frames}.mp4`);
  if (await access(path).then(() => true, () => false)) return path;
  const temp = `${path}.tmp-${process.pid}.mp4`;
  const made = spawnSync(ffmpegPath(), ['-v', 'error', '-y', '-nostdin', '-i', sample, '-vf', `select='gte(n\\,${start})',scale=-2:1080,pad=1920:1080:(ow-iw)/2:0`, '-vsync', '0',
    '-frames:v', String(frames + 1), '-c:v', 'libx264', '-crf', '18', '-preset', 'veryfast', temp]);
  if (made.status !== 0) throw new Error(`ffmpeg could not make the 1080p clip: ${String(made.stderr)}`);
  await rename(temp, path);
  return path;
}

const PATHS = [
  // the extract before batching: face-api's chain, then each frame's faces warped and written before the next frame
  { label: 'per-frame (face-api chain)', options: { path: 'per-frame', overlapWrites: false } },
  { label: 'batched', options: { path: 'batched', batchSize } },
  { label: 'batched + tracked', options: { path: 'batched', batchSize, tracking } },
];

async function measure(name, input, range) {
  // Each timed run follows a warm-up of its own path on the clip's first frames: a path's first
  // batches allocate and compile, and the backend's buffer pool still holds the previous path's
  // buffer sizes (a tracked run right after the per-frame one ran ~8% slower than after another
  // tracked run). Neither is what a long extraction sees.
  const warmUp = async (options) => {
    const warm = await mkdtemp(join(tmpdir(), 'ff-bench-warm-'));
    await extractFaces({ input, output: warm, range: [range[0], range[0] + WARM_UP_FRAMES], size: SIZE, storedMasks, faceDetector: detector, log: silentLogger, ...options });
    await rm(warm, { recursive: true, force: true });
  };
  // The paths take turns, `rounds` times, and each keeps its fastest round: the machine's speed
  // drifts by up to ~20% between runs a minute apart, and taking turns gives every path the same luck.
  const rows = PATHS.map(({ label }) => ({ label, summary: undefined, alignments: undefined, rates: [] }));
  for (let round = 0; round < rounds; round++) {
    for (const [p, { options }] of PATHS.entries()) {
      await warmUp(options);
      const out = await mkdtemp(join(tmpdir(), 'ff-bench-extract-'));
      const summary = await extractFaces({ input, output: out, range, size: SIZE, storedMasks, faceDetector: detector, log: silentLogger, ...options });
      const row = rows[p];
      row.rates.push(summary.facesWritten / summary.seconds);
      row.alignments ??= await readAlignments(summary.alignments);
      if (!row.summary || summary.seconds < row.summary.seconds) row.summary = summary;
      await rm(out, { recursive: true, force: true });
    }
  }
  const base = rows[0].summary.facesWritten / rows[0].summary.seconds;
  const { width, height } = await frameSize(input);
  console.log(`\n${name} (${width}x${height}), ${rows[0].summary.frames} frames, each path's fastest of ${rounds} rounds taken in turn:`);
  for (const { label, summary, rates } of rows) {
    const rate = summary.facesWritten / summary.seconds;
    const detected = `detector on ${summary.detections.detected} frames${summary.detections.redetected ? ` (${summary.detections.redetected} re-detections)` : ''}`;
    console.log(`  ${label.padEnd(28)} ${rate.toFixed(2).padStart(6)} faces/s  ${(summary.frames / summary.seconds).toFixed(2).padStart(6)} frames/s  ${String(summary.facesWritten).padStart(4)} faces  ${(rate / base).toFixed(2)}x  ${detected}; rounds: ${rates.map((r) => r.toFixed(2)).join(', ')} faces/s`);
  }
  // Within a round the paths run back to back, on the same luck: the ratio of each round.
  for (const row of rows.slice(1)) {
    const ratios = row.rates.map((rate, r) => rate / rows[0].rates[r]);
    console.log(`  ${row.label} vs per-frame, round by round: ${ratios.map((x) => `${x.toFixed(2)}x`).join(', ')} (lowest ${Math.min(...ratios).toFixed(2)}x)`);
  }
  for (const row of rows.slice(1)) {
    const { mean, max, frames: compared } = landmarkError(rows[0].alignments, row.alignments);
    console.log(`  ${row.label} landmarks vs per-frame detection: mean ${mean.toFixed(3)} px, max ${max.toFixed(2)} px in the ${SIZE} px aligned face (${compared} frames)`);
  }
}

/** RSS and what it holds: the JS heap, array buffers, and the native backend's pool of recycled kernel outputs (MiB), after a garbage collection. */
function memoryNow() {
  globalThis.gc?.();
  const usage = process.memoryUsage();
  const pool = tf.backend().pool;
  return { rss: usage.rss / 2 ** 20, heap: usage.heapUsed / 2 ** 20, buffers: usage.arrayBuffers / 2 ** 20, pooled: (pool?.pooledBytes ?? 0) / 2 ** 20 };
}

async function frameSize(input) {
  const source = await openFrameSource(input, { range: [0, 1] });
  for await (const frame of source.frames()) return frame.pixels;
}

/** Mean and largest distance of the largest face's 68 landmarks, both mapped into the per-frame face's 512 px aligned frame. */
function landmarkError(reference, other) {
  let sum = 0, count = 0, max = 0, compared = 0;
  for (const [key, frame] of Object.entries(reference.frames)) {
    const a = frame.faces[0], b = other.frames[key]?.faces[0];
    if (!a || !b) continue;
    compared++;
    const [m0, m1, m2, m3, m4, m5] = alignFace(a.landmarks, { size: SIZE, centering: 'head' }).matrix;
    const to = ([x, y]) => [m0 * x + m1 * y + m2, m3 * x + m4 * y + m5];
    a.landmarks.forEach((p, k) => {
      const [ax, ay] = to(p), [bx, by] = to(b.landmarks[k]);
      const d = Math.hypot(ax - bx, ay - by);
      sum += d;
      count++;
      max = Math.max(max, d);
    });
  }
  return { mean: count ? sum / count : NaN, max, frames: compared };
}

/** face-api's chain on a few frames under tfjs's profiler: time per kernel, and what runs in JS. */
async function profile() {
  const nativePackage = await import('@faceforge/backend-native');
  const source = await openFrameSource(sample, { range: [start, start + 4] });
  const pixels = [];
  for await (const frame of source.frames()) pixels.push(frame.pixels);
  // both paths warmed up first: the first call allocates (and the batched path folds the SSD's batch norms)
  await detector.detect(pixels[0]);
  await detector.landmarks([{ frame: pixels[0], box: (await detector.locate(pixels.slice(0, 1)))[0][0] }]);
  tf.env().set('CHECK_COMPUTATION_FOR_ERRORS', false); // else the profiler reads every output back
  for (const [label, work] of [['face-api per-frame chain (ssd + landmarks + descriptor)', async () => { for (const p of pixels) await detector.detect(p); }],
    ['batched path (fused ssd, batched landmarks + descriptors)', async () => {
      const boxes = await detector.locate(pixels);
      const requests = boxes.flatMap((list, i) => list.map((box) => ({ frame: pixels[i], box })));
      const landmarks = await detector.landmarks(requests);
      await detector.descriptors(requests.map((r, k) => ({ frame: r.frame, landmarks: landmarks[k] })));
    }]]) {
    nativePackage.cpuFallbacks.byKernel.clear();
    nativePackage.cpuFallbacks.on = true;
    const started = performance.now();
    const result = await tf.profile(work);
    const seconds = (performance.now() - started) / 1000;
    nativePackage.cpuFallbacks.on = false;
    const byKernel = new Map();
    for (const k of result.kernels) byKernel.set(k.name, (byKernel.get(k.name) ?? 0) + (await k.kernelTimeMs));
    // tfjs op wrappers (fusedConv2d__op) run their kernel inside and are timed twice: count the kernel's time once
    const total = [...byKernel].filter(([n]) => !n.endsWith('__op')).reduce((a, [, ms]) => a + ms, 0);
    console.log(`profile, ${label}, ${pixels.length} frames: ${seconds.toFixed(2)} s, ${(total / 1e3).toFixed(2)} s of it in kernels`);
    for (const [n, ms] of [...byKernel].filter(([k]) => !k.endsWith('__op')).sort((a, b) => b[1] - a[1]).slice(0, 10)) console.log(`  ${n.padEnd(28)} ${(ms / 1e3).toFixed(3)} s`);
    const fallbacks = [...nativePackage.cpuFallbacks.byKernel].sort((a, b) => b[1].ms - a[1].ms);
    const js = fallbacks.reduce((s, [, t]) => s + t.ms, 0);
    console.log(`  in JS (tfjs cpu kernels): ${(js / 1e3).toFixed(3)} s, ${((100 * js) / total).toFixed(1)}% of the kernel time: ${fallbacks.slice(0, 8).map(([n, t]) => `${n} ${(t.ms / 1e3).toFixed(3)} s (${t.calls} calls)`).join(', ')}`);
  }
}

if (frames > 0) {
  await measure('sample clip franck.mp4', sample, [start, start + frames]);
  await measure('1080p version', await hdClip(), [0, frames]);
}

if (longFrames > 0) {
  // Memory on a long run: the tracked path over the sample video's first frames (faces written, then deleted).
  const out = await mkdtemp(join(tmpdir(), 'ff-bench-long-'));
  const rss = {};
  const marks = [500, longFrames];
  const summary = await extractFaces({
    input: sample, output: out, range: [0, longFrames], size: SIZE, storedMasks, faceDetector: detector, log: silentLogger, path: 'batched', batchSize, tracking,
    onProgress: ({ frames: done }) => {
      for (const mark of marks) if (done >= mark && rss[mark] === undefined) rss[mark] = memoryNow();
    },
  });
  await rm(out, { recursive: true, force: true });
  console.log(`\nlong run (batched + tracked, franck.mp4): ${summary.frames} frames, ${summary.facesWritten} faces in ${summary.seconds.toFixed(1)} s (${(summary.facesWritten / summary.seconds).toFixed(2)} faces/s)`);
  console.log(`  RSS at frame 500: ${rss[500]?.rss.toFixed(0)} MiB; at frame ${longFrames}: ${rss[longFrames]?.rss.toFixed(0)} MiB (${(rss[longFrames]?.rss - rss[500]?.rss).toFixed(0)} MiB apart)`);
  for (const mark of marks) console.log(`  at frame ${mark}: JS heap ${rss[mark]?.heap.toFixed(0)} MiB, array buffers ${rss[mark]?.buffers.toFixed(0)} MiB, native backend's recycled buffers ${rss[mark]?.pooled.toFixed(0)} MiB`);
}
await detector.close();
console.log(describePeakMemory(peakMemory()));
