import { Flags } from '@oclif/core';
import { resolve } from 'node:path';
import { hashSeed } from '@faceforge/core';
import { contentLossFor, loadSrPairs, splitValidation, trainSr, type SrStage } from '@faceforge/plugin-srgan';
import { BaseCommand, computeFlags } from '../../base-command.js';
import { createTaskProgress } from '../../task-progress.js';
import { srValues } from '../../sr-config.js';

export default class SrTrain extends BaseCommand {
  static override summary = 'Train an SRGAN x4 super-resolution model on a folder of images (photos, or faces from extract).';
  static override description =
    'Stage pretrain trains the SRResNet generator with MSE; stage gan fine-tunes it against the discriminator with a content loss (VGG19 features when [upscaler.srgan] vgg19_weights names a file, else face-api\'s recognition features). ' +
    'Every validation_interval steps and at the end: PSNR on held-out images, checkpoints (latest, and the keep_best best by PSNR) and preview.png in the model folder. ' +
    'Training an existing model folder continues it. Ctrl-C saves and exits. Options: [upscaler.srgan] (faceforge config init; preset cpu for a CPU).';
  static override examples = [
    '<%= config.bin %> sr train -i faces/alice -m sr/faces --preset cpu --minutes 30',
    '<%= config.bin %> sr train -i DIV2K -m sr/div2k --stage gan --steps 2000',
  ];

  static override flags = {
    ...computeFlags,
    input: Flags.directory({ char: 'i', required: true, exists: true, description: 'Folder of HR images (or DIV2K\'s layout: *_HR and *_LR_bicubic/X4).' }),
    model: Flags.directory({ char: 'm', required: true, description: 'SR model folder (created, or continued).' }),
    stage: Flags.string({ options: ['pretrain', 'gan'], default: 'pretrain', description: 'pretrain: MSE; gan: content + adversarial, from the best pretrained generator.' }),
    validation: Flags.directory({ exists: true, description: 'Folder of held-out images to validate on. Default: validation_images of --input, evenly spread, held out of training.' }),
    steps: Flags.integer({ min: 1, description: 'Most steps in this session (the stage stops at pretrain_steps / gan_steps in all).' }),
    minutes: Flags.string({ description: 'Most minutes in this session.' }),
    preset: Flags.string({ description: 'A preset of [upscaler.srgan] (reference, cpu) under the config file and flags.' }),
    config: Flags.file({ char: 'c', exists: true, description: 'An ini with an [upscaler.srgan] section.' }),
    'batch-size': Flags.integer({ char: 'b', description: 'Crops per step (overrides batch_size).' }),
    'learning-rate': Flags.string({ description: 'Adam learning rate (overrides learning_rate).' }),
    seed: Flags.integer({ description: 'Random seed of a new model folder (initial weights, crops, flips, turns).' }),
  };

  async run(): Promise<void> {
    const { flags } = await this.parse(SrTrain);
    await this.useBackend(flags);
    const forge = await this.forge();
    const values = await srValues(forge.sections(), {
      configFile: flags.config, preset: flags.preset,
      overrides: { batch_size: flags['batch-size'], learning_rate: flags['learning-rate'] },
    });
    const log = (line: string) => this.logToStderr(line);
    const all = await loadSrPairs(flags.input, { minSize: values.hr_crop, log });
    const { train, validation } = flags.validation
      ? { train: all, validation: await loadSrPairs(flags.validation, { log }) }
      : splitValidation(all, values.validation_images);
    this.log(`${train.length} training and ${validation.length} validation images`);
    const stage = flags.stage as SrStage;
    const contentLoss = stage === 'gan' ? await contentLossFor(forge.tf, values) : undefined;
    if (contentLoss) this.log(`content loss: ${contentLoss.description}`);

    const controller = new AbortController();
    const onSignal = (signal: NodeJS.Signals) => {
      this.logToStderr(`\n${signal}: finishing this step, then saving`);
      controller.abort();
    };
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
    let progress: ReturnType<typeof createTaskProgress> | undefined;
    try {
      const result = await trainSr({
        modelDir: resolve(flags.model), pairs: train, validation, values, stage, seed: flags.seed ?? hashSeed(Date.now(), process.pid),
        steps: flags.steps, minutes: flags.minutes === undefined ? undefined : Number(flags.minutes), signal: controller.signal, contentLoss, log,
        onStep: (step) => {
          progress ??= createTaskProgress({ total: step.totalSteps, startAt: step.step - 1, unit: 'step' });
          const losses = Object.entries(step.losses).map(([k, v]) => `${k} ${v.toPrecision(4)}`).join('  ');
          progress.update(step.step, `${losses}  crops/s ${step.examplesPerSecond.toFixed(1)}`);
        },
        onValidation: (v) => (progress ? progress.log.bind(progress) : log)(`step ${v.step}: validation PSNR ${v.psnr.toFixed(2)} dB${v.best ? ' (kept among the best)' : ''}`),
      });
      progress?.stop();
      this.log(`${stage}: ${result.steps} steps this session (${result.totalSteps} in all), stopped by ${result.stoppedBy}; validation PSNR ${result.psnr.toFixed(2)} dB, best ${result.bestPsnr.toFixed(2)} dB`);
      this.log(`model: ${resolve(flags.model)}`);
    } finally {
      progress?.stop();
      contentLoss?.dispose();
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
    }
  }
}
