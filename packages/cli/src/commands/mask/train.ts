import { Flags } from '@oclif/core';
import { resolve } from 'node:path';
import { DataError, hashSeed } from '@faceforge/core';
import { loadMaskTrainingPairs } from '@faceforge/core/masks';
import { BaseCommand, computeFlags } from '../../base-command.js';
import { maskPluginConfig } from '../../mask-config.js';
import { createTaskProgress } from '../../task-progress.js';

export default class MaskTrain extends BaseCommand {
  static override summary = 'Train a neural mask (u2net) on (face, mask) pairs.';
  static override description =
    'The masks come from the faces (a stored mask by name, or a landmark mask made from their landmarks) or from --mask-dir, image files named like the faces. ' +
    'Weights are saved atomically to --output every --save-interval iterations and at the end; training an existing file continues it. Ctrl-C saves and exits. ' +
    'On CPU, u2netp trains about twice as fast with --backend wasm as on native at small sizes.';
  static override examples = [
    '<%= config.bin %> mask train -i faces/alice -o masks/u2netp.weights --masks-from extended --iterations 2000',
    '<%= config.bin %> mask train -i faces/alice --mask-dir faces/alice_masks -o masks/u2netp.weights --size 160',
  ];

  static override flags = {
    ...computeFlags,
    input: Flags.directory({ char: 'i', required: true, exists: true, description: 'Folder of extracted faces.' }),
    output: Flags.file({ char: 'o', required: true, description: 'Weights file to write (continued when it exists).' }),
    type: Flags.string({ char: 't', default: 'u2net', description: 'Neural mask to train.' }),
    'masks-from': Flags.string({ default: 'extended', exclusive: ['mask-dir'], description: 'Targets: a mask stored in the faces by this name, else made from their landmarks (extended, components).' }),
    'mask-dir': Flags.directory({ exists: true, description: 'Targets: mask images (white = face) named like the faces.' }),
    iterations: Flags.integer({ default: 1000, min: 1, description: 'Iterations to train in this session.' }),
    'save-interval': Flags.integer({ default: 100, min: 1, description: 'Save every N iterations.' }),
    size: Flags.integer({ description: 'Training input size (overrides input_size of the plugin config; the reference uses 320).' }),
    'batch-size': Flags.integer({ char: 'b', description: 'Faces per step (overrides batch_size).' }),
    'learning-rate': Flags.string({ description: 'Adam learning rate (overrides learning_rate).' }),
    config: Flags.file({ char: 'c', exists: true, description: 'An ini with the mask plugin\'s section (e.g. [mask.u2net]).' }),
    seed: Flags.integer({ description: 'Random seed (initial weights, batches, flips).' }),
  };

  async run(): Promise<void> {
    const { flags } = await this.parse(MaskTrain);
    await this.useBackend(flags);
    const forge = await this.forge();
    const neural = forge.masks.get(flags.type).neural;
    if (!neural) throw new DataError(`'${flags.type}' is not a neural mask, there is nothing to train (neural masks: ${forge.masks.values().filter((m) => m.neural).map((m) => m.name).join(', ') || 'none installed'})`);
    const config = await maskPluginConfig(forge, flags.type, {
      configFile: flags.config,
      overrides: { input_size: flags.size, batch_size: flags['batch-size'], learning_rate: flags['learning-rate'] },
    });
    const size = neural.trainingSize(config);
    const pairs = await loadMaskTrainingPairs(forge, { dir: flags.input, size, masksFrom: flags['masks-from'], maskDir: flags['mask-dir'], log: this.logger });
    this.log(`${pairs.length} (face, mask) pairs at ${size} px from ${flags.input}`);

    const controller = new AbortController();
    const onSignal = (signal: NodeJS.Signals) => {
      this.logToStderr(`\n${signal}: finishing this iteration, then saving`);
      controller.abort();
    };
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
    let progress: ReturnType<typeof createTaskProgress> | undefined;
    try {
      const output = resolve(flags.output);
      const result = await neural.train({
        pairs, output, iterations: flags.iterations, config, saveInterval: flags['save-interval'],
        seed: flags.seed ?? hashSeed(Date.now(), process.pid), signal: controller.signal,
        onStep: (step) => {
          progress ??= createTaskProgress({ total: step.iteration - 1 + flags.iterations, startAt: step.iteration - 1, unit: 'iter' });
          const details = Object.entries(step.details).map(([k, v]) => `  ${k} ${v.toFixed(4)}`).join('');
          progress.update(step.iteration, `loss ${step.loss.toFixed(4)}${details}  EG/s ${step.examplesPerSecond.toFixed(1)}`);
        },
        onSave: (save) => progress?.log(`saved ${save.path} at iteration ${save.iteration}`),
      });
      progress?.stop();
      this.log(`trained ${result.iterations} iterations (${result.totalIterations} in total): loss ${result.firstLoss.toFixed(4)} → ${result.lastLoss.toFixed(4)}`);
      this.log(`weights: ${result.path}`);
    } finally {
      progress?.stop();
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
    }
  }
}
