import { Args } from '@oclif/core';
import { parsePackSpec } from '@faceforge/packs';
import { BaseCommand } from '../../base-command.js';
import { packStore } from '../../pack-support.js';

export default class DecoderRemove extends BaseCommand {
  static override summary = 'Remove a decoder pack (one version, or NAME for all versions) from the local store.';
  static override args = { pack: Args.string({ required: true, description: 'NAME or NAME@VERSION' }) };

  async run(): Promise<void> {
    const { args } = await this.parse(DecoderRemove);
    const spec = parsePackSpec(args.pack);
    const removed = await packStore().remove('decoder', spec.name, spec.range);
    this.log(`removed ${removed.map((v) => `${spec.name}@${v}`).join(', ')}`);
  }
}
