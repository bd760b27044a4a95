// `npm run bench -- <name> [options]`: benchmarks that print their figures.
//   train    EG/s and peak memory of a training step (Original, batch 16 per side by default)
//   kernels  GFLOP/s of the native backend's SGEMM and convolutions next to the machine's peak
//   extract  faces/s and peak memory of face extraction from a sample video (face-api, align, write)
//   season   iterations a new pair needs to reach a loss target from a seasoned encoder pack vs from scratch
//   convert  frames/s of a conversion and the face-api distance of the swapped faces to person B
//   mask     u2netp training examples/s and prediction masks/s (default 320 px)
//   sr       SRGAN x4 on faces: pretrain for --minutes, then PSNR/SSIM (Y) and images/s of bicubic, ours and UpscalerJS esrgan-slim
//   quality  face-api identity of swapped held-out faces over a long training run, and the fusion of the best snapshots
//   archive-bomb  peak memory growth and time of refusing a gzip bomb (3 GiB in 3 MB), and the index's wait on a server
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

const here = dirname(fileURLToPath(import.meta.url));
const benches = {
  train: join(here, 'train.mjs'),
  extract: join(here, 'extract.mjs'),
  season: join(here, 'season.mjs'),
  convert: join(here, 'convert.mjs'),
  kernels: join(here, '..', 'packages', 'backend-native', 'bench', 'native-kernels.mjs'),
  mask: join(here, 'mask.mjs'),
  'archive-bomb': join(here, 'archive-bomb.mjs'),
  sr: join(here, 'sr.mjs'),
  quality: join(here, 'quality.mjs'),
};
const [name, ...rest] = process.argv.slice(2);
if (!name || !(name in benches)) {
  console.error(`usage: npm run bench -- <${Object.keys(benches).join('|')}> [options]`);
  process.exit(2);
}
// --expose-gc: benches that report memory collect garbage first, so their figures are live data, not GC timing.
const result = spawnSync(process.execPath, ['--expose-gc', benches[name], ...rest], { stdio: 'inherit' });
process.exit(result.status ?? 1);
