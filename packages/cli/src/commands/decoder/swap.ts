import { Flags } from '@oclif/core';
import { swapDecoder } from '@faceforge/core/packs';
import { folderFlag } from '../../path-flags.js';
import { BaseCommand } from '../../base-command.js';

export default class DecoderSwap extends BaseCommand {
  static override summary = "Copy a decoder from one model into another whose encoder is the same one (same lineage and fingerprint).";
  static override description = "Refused unless both models share the encoder the decoder was trained on: the same lineage (an encoder initialised once, then moved by packs, seasons or --load-weights) and the same fingerprint. The model as it was is kept as a restore point (`restore --list`).";
  static override examples = ['<%= config.bin %> decoder swap --from models/alice_carol --from-side b --to models/bob_x --to-side b'];
  static override flags = {
    from: folderFlag({ required: true, exists: true, description: 'Model folder to take the decoder from.' }),
    'from-side': Flags.string({ required: true, options: ['a', 'b'], description: 'Which of its decoders.' }),
    to: folderFlag({ required: true, exists: true, description: 'Model folder to put it into.' }),
    'to-side': Flags.string({ required: true, options: ['a', 'b'], description: 'Which decoder it replaces there.' }),
  };

  async run(): Promise<void> {
    const { flags } = await this.parse(DecoderSwap);
    const installed = await swapDecoder({ from: flags.from, fromSide: flags['from-side'] as 'a' | 'b', to: flags.to, toSide: flags['to-side'] as 'a' | 'b', log: this.logger });
    this.log(`decoder_${flags['from-side']} of ${flags.from} is now ${installed.part} of ${flags.to} (encoder ${installed.encoderFingerprint}); the model as it was is restore point ${installed.restorePoint}`);
    if (installed.note) this.log(`note: ${installed.note}`);
  }
}
