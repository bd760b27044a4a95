// u2netp speed: training steps (examples/s, after a warm-up step) and prediction (masks/s) on the
// sample faces at a given input size, plus peak memory.
//   npm run bench -- mask [--size 320] [--batch 4] [--steps 3] [--backend native|wasm|cpu]
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { listFaceFiles, prepareSampleFaces, readFaceFile } from '@faceforge/core';
import { peakMemory, selectBackend } from '@faceforge/core/backend';
import { U2NetPredictor, trainU2NetP } from '@faceforge/plugin-u2net';

const { values: args } = parseArgs({
  options: { size: { type: 'string', default: '320' }, batch: { type: 'string', default: '4' }, steps: { type: 'string', default: '3' }, backend: { type: 'string' } },
});
const size = Number(args.size);
const batch = Number(args.batch);
const steps = Number(args.steps);
const backend = await selectBackend({ requested: args.backend, log: () => undefined });
const faces = await prepareSampleFaces({ outDir: join(tmpdir(), 'faceforge-bench-faces'), perSide: 60, size: 128 });
const files = (await listFaceFiles(faces.a)).slice(0, Math.max(batch, 8));
// an ellipse over the middle of each crop stands in for a face mask: speed does not depend on it
const ellipse = { width: size, height: size, channels: 1, data: new Float32Array(size * size) };
for (let y = 0; y < size; y++) for (let x = 0; x < size; x++) ellipse.data[y * size + x] = ((x - size / 2) / (0.3 * size)) ** 2 + ((y - 0.55 * size) / (0.4 * size)) ** 2 <= 1 ? 1 : 0;
const pairs = await Promise.all(files.map(async (path) => ({ path, face: (await readFaceFile(path, size, 1)).image, mask: ellipse })));

const dir = await mkdtemp(join(tmpdir(), 'ff-bench-mask-'));
const output = join(dir, 'u2netp.weights');
const times = [];
let last = performance.now();
const result = await trainU2NetP({
  pairs, output, iterations: steps + 1, saveInterval: 1e9, seed: 1, config: { input_size: size, batch_size: batch },
  onStep: () => {
    const now = performance.now();
    times.push(now - last);
    last = now;
  },
});
const stepSeconds = times.slice(1).reduce((a, b) => a + b, 0) / Math.max(1, times.length - 1) / 1000;
const predictor = await U2NetPredictor.open(output, {});
await predictor.predict(pairs.slice(0, 1).map((p) => p.face));
const started = performance.now();
await predictor.predict(pairs.map((p) => p.face));
const masksPerSecond = pairs.length / ((performance.now() - started) / 1000);
predictor.dispose();
await rm(dir, { recursive: true, force: true });
const memory = peakMemory();
console.log(`u2netp on ${backend.name}, ${size} px: training ${(batch / stepSeconds).toFixed(2)} examples/s (${stepSeconds.toFixed(2)} s per step of ${batch}; loss ${result.firstLoss.toFixed(3)} -> ${result.lastLoss.toFixed(3)}), prediction ${masksPerSecond.toFixed(2)} masks/s`);
console.log(`peak memory: ${JSON.stringify(memory)}`);
