import { BaseCommand } from '../../base-command.js';

export default class ModelsList extends BaseCommand {
  static override summary = 'List the installed model plugins (usable with `train -t NAME`).';

  async run(): Promise<void> {
    await this.parse(ModelsList);
    const forge = await this.forge();
    for (const model of forge.models.values()) this.log(`${model.name.padEnd(16)} ${model.description}  [plugin ${forge.models.owner(model.name)}]`);
  }
}
