import { Args } from '@oclif/core';
import { BaseCommand } from '../base-command.js';
import { packStore } from '../pack-support.js';

/** Names for shell completion (hooks/name-completion.ts): installed model plugins, or the packs in the store. */
export default class CompleteNames extends BaseCommand {
  static override hidden = true;
  static override summary = 'Print the names shell completion offers: model plugins (train -t) or encoder/decoder packs.';
  static override args = { kind: Args.string({ required: true, options: ['models', 'encoder', 'decoder'], description: 'Which names.' }) };

  async run(): Promise<void> {
    const { args } = await this.parse(CompleteNames);
    if (args.kind === 'models') {
      const forge = await this.forge();
      for (const model of forge.models.values()) this.log(model.name);
      return;
    }
    const names = new Set((await packStore().list(args.kind as 'encoder' | 'decoder')).map((pack) => pack.manifest.name));
    for (const name of names) this.log(name);
  }
}
