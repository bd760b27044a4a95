import { Flags } from '@oclif/core';
import { addMasks } from '@faceforge/core/masks';
import { BaseCommand, computeFlags } from '../../base-command.js';
import { maskPluginConfig } from '../../mask-config.js';
import { createTaskProgress, type TaskProgress } from '../../task-progress.js';

export default class Mask extends BaseCommand {
  static override summary = 'Add or update a mask type on extracted faces, in place.';
  static override description =
    'Landmark masks (extended, components, eye, mouth, full) are drawn from each face\'s landmarks; neural masks (u2net) are predicted with --weights. ' +
    'The mask is stored in the face\'s metadata at --storage-size; the pixels are not touched. Faces that fail are reported and skipped.';
  static override examples = [
    '<%= config.bin %> mask -i faces/alice --type components',
    '<%= config.bin %> mask -i faces/alice --type u2net --weights masks/u2netp.weights --missing-only',
  ];

  static override flags = {
    ...computeFlags,
    input: Flags.directory({ char: 'i', required: true, exists: true, description: 'Folder of extracted faces.' }),
    type: Flags.string({ char: 't', default: 'extended', description: 'Mask type: extended, components, eye, mouth, full, or a mask plugin\'s (u2net).' }),
    weights: Flags.file({ char: 'w', exists: true, description: 'Weights of a neural mask (from `faceforge mask train`).' }),
    'storage-size': Flags.integer({ default: 128, min: 32, max: 1024, description: 'Side in pixels of the stored mask.' }),
    'missing-only': Flags.boolean({ default: false, description: 'Only faces that do not have this mask yet.' }),
    'batch-size': Flags.integer({ default: 8, min: 1, max: 256, description: 'Faces predicted together (neural masks).' }),
    config: Flags.file({ char: 'c', exists: true, description: 'An ini with the mask plugin\'s section (e.g. [mask.u2net]).' }),
  };

  async run(): Promise<void> {
    const { flags } = await this.parse(Mask);
    const forge = await this.forge();
    const definition = forge.masks.get(flags.type);
    if (definition.neural) {
      await this.useBackend(flags);
    }
    const config = await maskPluginConfig(forge, flags.type, { configFile: flags.config });
    let progress: TaskProgress | undefined;
    const result = await addMasks(forge, {
      dir: flags.input, type: flags.type, weights: flags.weights, config, storageSize: flags['storage-size'],
      missingOnly: flags['missing-only'], batchSize: flags['batch-size'],
      onProgress: (p) => {
        progress ??= createTaskProgress({ total: p.total, unit: 'faces' });
        if (p.failure) progress.log(`warning: skipped ${p.failure.message}`);
        else progress.update(p.done, `${p.updated} masked`);
      },
    }).finally(() => progress?.stop());
    const rate = result.updated / Math.max(result.seconds, 1e-9);
    this.log(`${flags.type} masks: ${result.updated} added or updated, ${result.skipped} already there, ${result.failed.length} failed, of ${result.total} faces in ${flags.input} (${rate.toFixed(1)} masks/s)`);
    for (const failure of result.failed) this.logToStderr(`failed: ${failure.message}`);
    if (result.failed.length > 0 && result.updated === 0 && result.skipped === 0) this.exit(1);
  }
}
