import { Args } from '@oclif/core';
import { openRegistry } from '@faceforge/packs';
import { BaseCommand } from '../../base-command.js';
import { exactPackVersion, registryFlag, requireToken, tokenFlag } from '../../pack-support.js';

export default class RegistryUnyank extends BaseCommand {
  static override summary = 'Put a yanked version back in ranges.';
  static override description = 'Only the owner of the pack name may unyank.';
  static override examples = ['<%= config.bin %> registry unyank faces-general@1.2.0 --registry https://registry.example.org/ --token $TOKEN'];
  static override args = { pack: Args.string({ required: true, description: 'NAME@VERSION' }) };
  static override flags = { registry: registryFlag, token: tokenFlag };

  async run(): Promise<void> {
    const { args, flags } = await this.parse(RegistryUnyank);
    const { name, version } = exactPackVersion(args.pack);
    const registry = openRegistry(flags.registry);
    await registry.unyank(name, version, requireToken(flags.token, 'unyanking'));
    this.log(`unyanked ${name}@${version} on ${registry.location}: ranges may choose it again`);
  }
}
