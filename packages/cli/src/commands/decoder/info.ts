import { Args } from '@oclif/core';
import { BaseCommand } from '../../base-command.js';
import { packDetails, packStore } from '../../pack-support.js';

export default class DecoderInfo extends BaseCommand {
  static override summary = 'Show a decoder pack: model, side, fingerprints of the decoder and its encoder, licence, lineage.';
  static override args = { pack: Args.string({ required: true, description: 'NAME or NAME@RANGE, e.g. carol@^1' }) };

  async run(): Promise<void> {
    const { args } = await this.parse(DecoderInfo);
    const pack = await packStore().resolve('decoder', args.pack);
    for (const line of packDetails(pack)) this.log(line);
  }
}
