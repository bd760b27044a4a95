import { Flags } from '@oclif/core';
import { selectBackend } from '@faceforge/core/backend';
import { resetParts } from '@faceforge/core/train';
import { folderFlag } from '../../path-flags.js';
import { BaseCommand } from '../../base-command.js';

export default class ModelReset extends BaseCommand {
  static override summary = 'Re-initialise chosen parts of a model on purpose (fresh weights from the model plugin).';
  static override description = 'For example a decoder, to train a new identity on a seasoned encoder. The optimizer state of those parts is dropped, the model as it was is kept as a restore point (`restore --list`), and the reset is recorded in the lineage.';
  static override examples = ['<%= config.bin %> model reset -m models/alice_bob --part decoder_b'];
  static override flags = {
    'model-dir': folderFlag({ char: 'm', required: true, exists: true, description: 'Model folder.' }),
    part: Flags.string({ required: true, multiple: true, description: 'Part to re-initialise (repeatable): encoder, decoder_a, decoder_b, ...' }),
    seed: Flags.integer({ description: 'Seed of the fresh weights. Default: derived from the model.' }),
  };

  async run(): Promise<void> {
    const { flags } = await this.parse(ModelReset);
    // The fresh weights are computed: on a real backend, never tfjs's default cpu (and its banner).
    await selectBackend({ log: () => undefined });
    const forge = await this.forge();
    const result = await resetParts(forge, { modelDir: flags['model-dir'], parts: flags.part, seed: flags.seed });
    this.log(`re-initialised ${result.parts.join(', ')} of ${flags['model-dir']} at iteration ${result.iterations} (seed ${result.seed}); the model as it was is restore point ${result.restorePoint}`);
  }
}
