// Extraction speed: decodes a sample video with ffmpeg, detects faces (face-api), aligns and
// writes them with their metadata, and reports faces per second after the detector is loaded and
// warmed up, plus peak memory.
//   npm run bench -- extract [--input VIDEO] [--frames 1-1200] [--every-n 24] [--detector ssd|tiny] [--size 512] [--backend X]
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir, cpus } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { clmtrackrMediaDir, createForge, silentLogger } from '@faceforge/core';
import { describePeakMemory, peakMemory, selectBackend } from '@faceforge/core/backend';
import { createFaceDetector, extractFaces, parseFrameRanges, storedLandmarkMasks } from '@faceforge/core/extract';

const { values: args } = parseArgs({
  options: {
    input: { type: 'string' },
    frames: { type: 'string', default: '1-1200' },
    'every-n': { type: 'string', default: '24' },
    detector: { type: 'string', default: 'ssd' },
    size: { type: 'string', default: '512' },
    backend: { type: 'string' },
  },
});
const input = args.input ?? join(clmtrackrMediaDir(), 'franck.mp4');
// frame numbers from 1, both ends included (as `faceforge extract --frames`), as the 0-based [start, end) extractFaces takes
const [{ start, end }] = parseFrameRanges(args.frames, '--frames');
const range = [start, end + 1];
const backend = await selectBackend({ requested: args.backend, log: () => undefined });
const notes = [];
// the landmark masks `faceforge extract` stores, from the installed mask plugins
const storedMasks = storedLandmarkMasks((await createForge({ log: silentLogger })).masks);
const detector = await createFaceDetector({ detector: args.detector, log: { info: (m) => notes.push(m), warn: (m) => notes.push(m) } });
// Warm-up: the first detection compiles and allocates; it is not what a long extraction sees.
const warmStart = performance.now();
const warmFrames = await extractFaces({ input, output: await mkdtemp(join(tmpdir(), 'ff-bench-warm-')), everyN: 1, range: [range[0] + 1, range[0] + 2], size: Number(args.size), storedMasks, faceDetector: detector, log: silentLogger });
const warmSeconds = (performance.now() - warmStart) / 1000;

const out = await mkdtemp(join(tmpdir(), 'ff-bench-extract-'));
const summary = await extractFaces({ input, output: out, everyN: Number(args['every-n']), range, size: Number(args.size), storedMasks, faceDetector: detector, log: silentLogger });
const memory = peakMemory();
await detector.close();
await rm(out, { recursive: true, force: true });
console.log(`extract ${input.split('/').pop()} frames ${args.frames} every ${args['every-n']}, ${args.detector} detector on ${detector.backend} (tfjs backend ${backend.name}), ${args.size} px faces, ${cpus().length} cores`);
for (const note of notes) console.log(`  ${note}`);
console.log(`warm-up (load + first frame) ${warmSeconds.toFixed(2)} s (${warmFrames.facesWritten} face)`);
console.log(`${summary.frames} frames, ${summary.facesWritten} faces in ${summary.seconds.toFixed(2)} s  ->  ${(summary.facesWritten / summary.seconds).toFixed(2)} faces/s (${(summary.frames / summary.seconds).toFixed(2)} frames/s)`);
console.log(describePeakMemory(memory));
