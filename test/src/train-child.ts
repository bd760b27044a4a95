/**
 * Child process for the crash tests: trains the tiny model with the options given as JSON in
 * argv[2], printing a line per saved iteration, so the parent can kill it at chosen moments.
 */
import { train } from '@faceforge/core/train';
import { sampleFaces, tinyForge, tinyTrainOptions, useBackend } from './support.js';

const args = JSON.parse(process.argv[2] ?? '{}') as { modelDir: string; iterations: number; saveInterval: number };
await useBackend();
const forge = await tinyForge();
forge.hooks.beforeSave.tap('child', (save) => console.log(`saving ${save.iteration}`));
forge.hooks.afterSave.tap('child', (save) => console.log(`saved ${save.iteration}`));
const faces = await sampleFaces();
await train(forge, tinyTrainOptions(forge, faces, args.modelDir, { iterations: args.iterations, saveInterval: args.saveInterval }));
console.log('done');
