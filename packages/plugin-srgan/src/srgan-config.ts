/**
 * [upscaler.srgan]: the SR network, how it is trained (`faceforge sr train`) and which trained model
 * convert's `--upscaler srgan` uses. Defaults are the reference's (krasserm/super-resolution, peers.md §3).
 */
import { defineSection, option, sectionDefaults, type SectionValues } from '@faceforge/core';

export const srganConfig = defineSection('upscaler.srgan', 'SRGAN x4 super-resolution: `faceforge sr train|eval|upscale` and `faceforge convert --upscaler srgan`.', {
  model: option.text({
    default: '', group: 'upscaler',
    help: 'SR model folder (written by `faceforge sr train`) that `convert --upscaler srgan` upscales the swapped faces with.',
  }),
  residual_blocks: option.integer({
    default: 16, min: 1, max: 32, group: 'network', fixed: true,
    help: "Residual blocks of the SRResNet generator (the paper and the reference: 16). Fewer train faster on a CPU.",
  }),
  filters: option.integer({
    default: 64, min: 8, max: 256, group: 'network', fixed: true,
    help: "Channels of the generator's convolutions (the reference: 64).",
  }),
  global_skip: option.boolean({
    default: false, group: 'network', fixed: true,
    help: 'Not in the reference: add the bicubic ×4 of the input to the output (a linear last conv, zero at first, replaces the tanh), so training starts at bicubic quality and learns what bicubic misses (VDSR\'s global residual). Same parameter count. Off: the reference SRResNet.',
  }),
  hr_crop: option.integer({
    default: 96, min: 24, max: 512, step: 4, group: 'training', fixed: true,
    help: 'Side in pixels of the random high-resolution training crops (the reference: 96; the LR crop is a quarter of it). The discriminator is built for this size.',
  }),
  batch_size: option.integer({ default: 16, min: 1, max: 64, group: 'training', help: 'Crops per training step (the reference: 16).' }),
  learning_rate: option.number({
    default: 0.0001, min: 0.0000001, max: 0.01, group: 'training',
    help: 'Adam learning rate of the MSE pretraining and of both GAN optimizers before the decay step (the reference: 1e-4, β 0.9/0.999, ε 1e-7).',
  }),
  gan_learning_rate_after: option.number({
    default: 0.00001, min: 0.0000001, max: 0.01, group: 'training',
    help: 'Learning rate of both GAN optimizers from gan_decay_step on (the reference: 1e-5, PiecewiseConstantDecay).',
  }),
  gan_decay_step: option.integer({ default: 100000, min: 1, max: 10000000, group: 'training', help: 'GAN step at which both learning rates drop to gan_learning_rate_after (the reference: 100000).' }),
  adversarial_weight: option.number({
    default: 0.001, min: 0, max: 1, group: 'training',
    help: "Weight of the generator's adversarial BCE term next to the content loss in the GAN stage (the paper: 1e-3).",
  }),
  vgg19_weights: option.text({
    default: '', group: 'training',
    help: "VGG19 weights (Keras .h5 or tfjs-layers model.json) for the GAN stage's content loss on block5_conv4 features / 12.75. Empty: a feature loss on face-api's recognition network, which suits faces.",
  }),
  blur: option.number({
    default: 0, min: 0, max: 8, group: 'training',
    help: 'Not in the reference (the first degradation of BSRGAN/Real-ESRGAN): the largest Gaussian blur σ, in HR pixels, applied to each training crop before the bicubic ×4 reduction; σ is drawn per crop (seeded) uniformly from [0, blur]. A model trained with it restores soft input (σ 3 blurred held-out faces: +5.7 dB over bicubic, against +0.6 without), but it does not make swapped faces closer to the source in convert: it sharpens the swap model\'s errors too (README). Validation images are degraded too (σ spread evenly over [0, blur]), so the best checkpoint is the best on blurred input. 0: clean bicubic reductions only.',
  }),
  augment: option.boolean({ default: true, group: 'training', help: 'Random left-right flips and 90° rotations of the training crops, as the reference.' }),
  pretrain_steps: option.integer({
    default: 1000000, min: 1, max: 100000000, group: 'training',
    help: 'Steps of the MSE pretraining in all (the reference: 1,000,000; "100,000 works fine too"). `sr train --steps` limits one session.',
  }),
  gan_steps: option.integer({ default: 200000, min: 1, max: 100000000, group: 'training', help: 'Steps of the GAN fine-tuning in all (the reference: 200,000).' }),
  validation_interval: option.integer({
    default: 1000, min: 1, max: 1000000, group: 'training',
    help: 'Every this many steps: PSNR on the validation images, a checkpoint (latest, and best when PSNR improved) and a preview strip (the reference: 1000).',
  }),
  validation_images: option.integer({ default: 10, min: 1, max: 1000, group: 'training', help: 'Images held out of training for validation (the reference evaluates on 10).' }),
  keep_best: option.integer({ default: 3, min: 1, max: 20, group: 'training', help: 'Checkpoints kept by best validation PSNR, besides the latest (the reference keeps 3).' }),
});

export type SrganValues = SectionValues<typeof srganConfig>;

/** The section's values with the schema's defaults filling what `values` leaves out. */
export function srganValues(values: Partial<SrganValues> = {}): SrganValues {
  return { ...(sectionDefaults(srganConfig) as SrganValues), ...values };
}
