import { Args, Flags } from '@oclif/core';
import { importDecoder } from '@faceforge/core/packs';
import { folderFlag } from '../../path-flags.js';
import { BaseCommand } from '../../base-command.js';
import { loadPack } from '../../pack-support.js';

export default class DecoderImport extends BaseCommand {
  static override summary = 'Put a decoder pack into a model, as its decoder A or B.';
  static override description = "Refused unless the model's encoder is the one the decoder was trained with: the same lineage and fingerprint (a note says how many iterations apart they are). The model as it was is kept as a restore point (`restore --list`).";
  static override examples = ['<%= config.bin %> decoder import carol@^1 -m models/alice_x --side b', '<%= config.bin %> decoder import carol-1.0.0.tgz -m models/alice_x --side b'];
  static override args = { pack: Args.string({ required: true, description: 'A decoder pack archive (.tgz) or NAME@RANGE in the local store.' }) };
  static override flags = {
    'model-dir': folderFlag({ char: 'm', required: true, exists: true, description: 'Model folder to put the decoder into.' }),
    side: Flags.string({ required: true, options: ['a', 'b'], description: 'Which decoder of the model to replace.' }),
  };

  async run(): Promise<void> {
    const { args, flags } = await this.parse(DecoderImport);
    const pack = await loadPack('decoder', args.pack);
    const installed = await importDecoder({ modelDir: flags['model-dir'], side: flags.side as 'a' | 'b', manifest: pack.manifest, weights: pack.weights, log: this.logger });
    this.log(`${pack.label} is now ${installed.part} of ${flags['model-dir']} (encoder ${installed.encoderFingerprint}); the model as it was is restore point ${installed.restorePoint}`);
    if (installed.note) this.log(`note: ${installed.note}`);
  }
}
