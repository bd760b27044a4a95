import { Args } from '@oclif/core';
import { openRegistry } from '@faceforge/packs';
import { BaseCommand } from '../../base-command.js';
import { exactPackVersion, registryFlag, requireToken, tokenFlag } from '../../pack-support.js';

export default class RegistryYank extends BaseCommand {
  static override summary = 'Withdraw a published version from ranges (its archive stays: exact pins keep working).';
  static override description = 'Only the owner of the pack name may yank. `registry unyank` puts the version back.';
  static override examples = ['<%= config.bin %> registry yank faces-general@1.2.0 --registry https://registry.example.org/ --token $TOKEN'];
  static override args = { pack: Args.string({ required: true, description: 'NAME@VERSION' }) };
  static override flags = { registry: registryFlag, token: tokenFlag };

  async run(): Promise<void> {
    const { args, flags } = await this.parse(RegistryYank);
    const { name, version } = exactPackVersion(args.pack);
    const registry = openRegistry(flags.registry);
    await registry.yank(name, version, requireToken(flags.token, 'yanking'));
    this.log(`yanked ${name}@${version} on ${registry.location}: ranges skip it; ${name}@${version} itself still resolves`);
  }
}
