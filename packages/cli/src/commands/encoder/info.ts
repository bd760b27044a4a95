import { Args } from '@oclif/core';
import { BaseCommand } from '../../base-command.js';
import { packDetails, packStore } from '../../pack-support.js';

export default class EncoderInfo extends BaseCommand {
  static override summary = 'Show an encoder pack: model, fingerprint, licence, lineage.';
  static override args = { pack: Args.string({ required: true, description: 'NAME or NAME@RANGE, e.g. faces-general@^1.2' }) };

  async run(): Promise<void> {
    const { args } = await this.parse(EncoderInfo);
    const pack = await packStore().resolve('encoder', args.pack);
    for (const line of packDetails(pack)) this.log(line);
  }
}
