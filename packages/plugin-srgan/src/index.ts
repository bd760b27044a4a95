/**
 * The srgan upscaler plugin: SRGAN x4 (Ledig et al. 2017, as krasserm/super-resolution builds it,
 * peers.md §3) and owner of [upscaler.srgan]. `faceforge sr train|eval|upscale` train and use SR
 * models, `faceforge sr pairs` makes training pairs from a swap model's own output;
 * `faceforge convert --upscaler srgan` upscales each swapped face before blending.
 */
import { definePlugin } from '@faceforge/core';
import { srganConfig } from './srgan-config.js';
import { SrganUpscaler } from './upscaler/srgan-upscaler.js';
import { bicubicUpscaleTensor } from './upscaler/bicubic-tensor.js';

const PLUGIN_NAME = 'srgan';

const plugin = definePlugin({
  meta: { name: PLUGIN_NAME, kind: 'upscaler', version: '0.1.0', description: 'SRGAN x4 super-resolution (SRResNet generator), trained here with `faceforge sr train`' },
  config: srganConfig,
  presets: {
    reference: {
      description: 'The reference recipe: 16 residual blocks, 64 filters, 96 px HR crops, batch 16, Adam 1e-4 (a GPU)',
      values: { residual_blocks: 16, filters: 64, hr_crop: 96, batch_size: 16, learning_rate: 0.0001, validation_interval: 1000 },
    },
    cpu: {
      description: 'What a CPU trains in minutes: the reference topology (16 blocks) at 32 filters (3.6× fewer FLOPs), 64 px crops, batch 8, Adam 2e-4, validation every 100 steps',
      values: { residual_blocks: 16, filters: 32, hr_crop: 64, batch_size: 8, learning_rate: 0.0002, validation_interval: 100 },
    },
    'cpu-skip': {
      description: 'The cpu preset with global_skip (not in the reference): training starts at bicubic quality and learns the residual, so minutes of a CPU already beat bicubic',
      values: { residual_blocks: 16, filters: 32, hr_crop: 64, batch_size: 8, learning_rate: 0.0002, validation_interval: 100, global_skip: true },
    },
    'cpu-skip-blur': {
      description: 'The cpu-skip preset trained on LR crops blurred by σ ∈ [0, 4] HR px before the ×4 reduction (blur): restores blurred faces (+5.7 dB over bicubic on σ 3 blurred held-out faces, cpu-skip +0.6), but in convert A→A it scored 1.7 dB under bicubic against the source (it sharpens the swap model\'s errors too; README)',
      values: { residual_blocks: 16, filters: 32, hr_crop: 64, batch_size: 8, learning_rate: 0.0002, validation_interval: 100, global_skip: true, blur: 4 },
    },
  },
  apply(api) {
    const srgan = new SrganUpscaler();
    api.upscalers.register({
      name: PLUGIN_NAME, description: 'SRGAN x4: the generator of the SR model folder [upscaler.srgan] model names', scale: 4,
      prepare: () => srgan.prepare(api.options().model),
      upscale: (tf, faces) => srgan.upscale(tf, faces),
      release: () => srgan.dispose(),
    });
    // The same x4 with MATLAB-style bicubic: the baseline the SR model is measured against.
    api.upscalers.register({ name: 'bicubic', description: 'Bicubic x4 (MATLAB imresize kernel), the SR baseline', scale: 4, upscale: (tf, faces) => bicubicUpscaleTensor(tf, faces) });
  },
});

export default plugin;
export { srganConfig, srganValues, type SrganValues } from './srgan-config.js';
export { bicubicUpscaleTensor } from './upscaler/bicubic-tensor.js';
export { SrganUpscaler } from './upscaler/srgan-upscaler.js';
export { buildGenerator, type GeneratorShape } from './network/generator.js';
export { buildDiscriminator } from './network/discriminator.js';
export { resizeBicubic } from './data/bicubic.js';
export { gaussianBlur, gaussianKernel } from './data/gaussian-blur.js';
export { blurredReduction, blurValidationPairs } from './data/blurred-reduction.js';
export { readRgb, encodePng, toBytes, toFloat, cropPixels } from './data/pixels.js';
export { SCALE, listSrImages, loadSrPair, loadSrPairs, bicubicDownscale, type SrPair } from './data/sr-images.js';
export { psnrY, ssimY } from './metrics/image-quality.js';
export { scoreUpscaler, type SrScore } from './metrics/evaluate.js';
export { superResolve, bicubicUpscale } from './inference/super-resolve.js';
export { loadGenerator, type LoadedGenerator } from './inference/load-generator.js';
export { trainSr, splitValidation, type SrTrainOptions, type SrTrainResult, type SrContentLoss } from './train/train-sr.js';
export { readModelState, type SrModelState, type SrStage, type CheckpointChoice } from './model/sr-model-folder.js';
export { createContentLoss, type ContentLoss } from './content/index.js';
export { contentLossFor } from './train/content-loss-for.js';
export { makeSwapPairs, decodeFaces, SWAP_PAIRS_HR_DIR, SWAP_PAIRS_LR_DIR, SWAP_PAIRS_CENTRE, type SwapPairsOptions, type SwapPairsResult } from './data/swap-pairs.js';
