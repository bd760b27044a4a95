// UpscalerJS's pretrained ESRGAN-slim x4 (an RDN: C1 D2 G4 G0 64, trained on DIV2K; npm @upscalerjs/esrgan-slim),
// the SR bench's pretrained peer, run with our tfjs.
//
// The package ships its tfjs-layers model files (models/x4/model.json + one weight shard). Both it and `upscaler`
// declare peerDependencies "@tensorflow/tfjs": "~4.11.0" while we pin 4.22.0, so the package is installed at run time
// into a folder of its own, bench/.peers/upscalerjs (its own package.json, `npm install --prefix`, peers not
// installed, scripts not run), never into the workspaces or the root lock. Its JavaScript is not used: the model has
// only core Keras layers (Conv2D, Add, Concatenate, UpSampling2D, Activation), so tf.loadLayersModel reads it as is.
// Its definition (packages/shared/src/esrgan/esrgan.js, architecture 'rdn') gives input and output range 0..255.
//
//   import { upscaleWithEsrganSlim } from './peers/upscalerjs.mjs';
//   const { images, seconds, loadSeconds, model } = await upscaleWithEsrganSlim(lrImages);
//   // lrImages: [{ width, height, data: Uint8Array RGB }] → images: [{ width: 4w, height: 4h, data: Uint8Array RGB }]
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { tf } from '@faceforge/core';

export const ESRGAN_SLIM_PACKAGE = '@upscalerjs/esrgan-slim';
export const ESRGAN_SLIM_VERSION = '1.0.0';
export const ESRGAN_SLIM_SCALE = 4;
/** Where the peer is installed; FACEFORGE_UPSCALERJS_DIR points elsewhere (e.g. a machine without the registry). */
export const PEER_DIR = process.env.FACEFORGE_UPSCALERJS_DIR ?? join(dirname(fileURLToPath(import.meta.url)), '..', '.peers', 'upscalerjs');

/** The x4 model.json, installing the package into PEER_DIR first when it is not there. */
export async function esrganSlimModelFile({ log = () => {} } = {}) {
  const modelFile = join(PEER_DIR, 'node_modules', ESRGAN_SLIM_PACKAGE, 'models', `x${ESRGAN_SLIM_SCALE}`, 'model.json');
  if (existsSync(modelFile)) return modelFile;
  await mkdir(PEER_DIR, { recursive: true });
  await writeFile(
    join(PEER_DIR, 'package.json'),
    JSON.stringify({ name: 'faceforge-bench-peer-upscalerjs', private: true, description: 'installed by bench/peers/upscalerjs.mjs; not a workspace', dependencies: { [ESRGAN_SLIM_PACKAGE]: ESRGAN_SLIM_VERSION } }, null, 2) + '\n',
  );
  log(`installing ${ESRGAN_SLIM_PACKAGE}@${ESRGAN_SLIM_VERSION} into ${PEER_DIR} (its peer tfjs ~4.11 is not installed: the model runs on ours)`);
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const result = spawnSync(npm, ['install', '--prefix', PEER_DIR, '--no-save', '--legacy-peer-deps', '--ignore-scripts', '--no-audit', '--no-fund', '--no-package-lock'], { encoding: 'utf8' });
  if (result.status !== 0 || !existsSync(modelFile)) {
    throw new Error(`could not install ${ESRGAN_SLIM_PACKAGE}@${ESRGAN_SLIM_VERSION} into ${PEER_DIR} (npm exit ${result.status}): ${(result.stderr || result.error?.message || '').trim().split('\n').slice(-3).join(' | ')}`);
  }
  return modelFile;
}

/** tf.loadLayersModel from local files: our tfjs has no file:// handler outside tfjs-node. */
function fileHandler(modelFile) {
  return {
    async load() {
      const json = JSON.parse(await readFile(modelFile, 'utf8'));
      const specs = json.weightsManifest.flatMap((group) => group.weights);
      const shards = await Promise.all(json.weightsManifest.flatMap((group) => group.paths).map((path) => readFile(join(dirname(modelFile), path))));
      const data = Buffer.concat(shards);
      return { modelTopology: json.modelTopology, format: json.format, generatedBy: json.generatedBy, convertedBy: json.convertedBy, weightSpecs: specs, weightData: data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength) };
    },
  };
}

/**
 * Upscales each LR image x4 with esrgan-slim. `seconds` is the inference time over all images (tensor in, pixels out,
 * after one warm-up run on the first image so kernel set-up is not counted), `loadSeconds` the model load.
 */
export async function upscaleWithEsrganSlim(lrImages, { log } = {}) {
  const modelFile = await esrganSlimModelFile({ log });
  const loadStarted = performance.now();
  const model = await tf.loadLayersModel(fileHandler(modelFile));
  const loadSeconds = (performance.now() - loadStarted) / 1000;
  const run = (image) => {
    const output = tf.tidy(() => {
      const input = tf.tensor4d(Float32Array.from(image.data), [1, image.height, image.width, 3]);
      return tf.cast(tf.round(tf.clipByValue(model.predict(input), 0, 255)), 'int32');
    });
    const [, height, width] = output.shape;
    const data = Uint8Array.from(output.dataSync());
    output.dispose();
    return { width, height, data };
  };
  if (lrImages.length > 0) run(lrImages[0]);
  const started = performance.now();
  const images = lrImages.map(run);
  const seconds = (performance.now() - started) / 1000;
  model.dispose();
  return { images, seconds, loadSeconds, model: `${ESRGAN_SLIM_PACKAGE}@${ESRGAN_SLIM_VERSION} x${ESRGAN_SLIM_SCALE} (RDN, DIV2K)` };
}
