// Which blur makes clean faces look like a swap model's output? Converts 2 s of franck.mp4 A→A with
// --upscaler bicubic, and for each face compares the swapped face (decoder output ×4, bicubic) with
// the frame's own face under the same alignment, degraded as `blur` degrades SR training data
// (Gaussian σ in HR pixels, bicubic ×4 down, bicubic ×4 up). Prints the mean error per σ.
//   node bench/sr-blur-fit.mjs SWAP_MODEL_DIR
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { clmtrackrMediaDir, createForge, silentLogger } from '@faceforge/core';
import { defaultValues } from '@faceforge/core/config';
import { convert } from '@faceforge/core/convert';
import { ffmpegPath } from '@faceforge/core/media';
import { gaussianBlur, resizeBicubic } from '@faceforge/plugin-srgan';

const modelDir = process.argv[2];
const work = await mkdtemp(join(tmpdir(), 'ff-sr-blur-fit-'));
const clip = join(work, 'franck.mp4');
const cut = spawnSync(ffmpegPath(), ['-v', 'error', '-y', '-nostdin', '-ss', '60', '-i', join(clmtrackrMediaDir(), 'franck.mp4'), '-t', '2', '-an', '-c:v', 'libx264', '-crf', '12', clip]);
if (cut.status !== 0) throw new Error(String(cut.stderr));
const forge = await createForge({ log: silentLogger, discover: { cwd: process.cwd() } });
const pairs = [];
forge.hooks.adjustColour.tap({ name: 'fit', stage: -10 }, (face, { original }) => {
  pairs.push({ face: { ...face, data: face.data.slice() }, original: { ...original, data: original.data.slice() } });
  return face;
});
await convert(forge, { input: clip, modelDir, output: join(work, 'out'), writer: 'png', swapModel: true, upscaler: 'bicubic', config: defaultValues(forge.convertSections()), batchSize: 8 });
const size = pairs[0].face.width;
const lo = Math.round(size / 4);
const hi = size - lo;
/** Mean squared error over the central half, each channel's mean removed (the swap's colour shift is not blur). */
function error(a, b) {
  let total = 0;
  for (let c = 0; c < 3; c++) {
    let ma = 0, mb = 0, n = 0;
    for (let y = lo; y < hi; y++) for (let x = lo; x < hi; x++) { const i = (y * size + x) * 3 + c; ma += a.data[i]; mb += b.data[i]; n++; }
    ma /= n; mb /= n;
    for (let y = lo; y < hi; y++) for (let x = lo; x < hi; x++) { const i = (y * size + x) * 3 + c; total += (a.data[i] - ma - b.data[i] + mb) ** 2; }
  }
  return total / ((hi - lo) ** 2 * 3);
}
console.log(`${pairs.length} faces at ${size} px (decoder ${size / 4} px)`);
for (const sigma of [0, 1, 2, 3, 4, 5, 6, 8, 10]) {
  let sum = 0;
  for (const { face, original } of pairs) {
    const degraded = resizeBicubic(resizeBicubic(gaussianBlur(original, sigma), size / 4, size / 4), size, size);
    sum += error(face, degraded);
  }
  const mse = sum / pairs.length;
  console.log(`σ ${String(sigma).padStart(2)} HR px: PSNR ${(10 * Math.log10(1 / mse)).toFixed(3)} dB`);
}
await rm(work, { recursive: true, force: true });
