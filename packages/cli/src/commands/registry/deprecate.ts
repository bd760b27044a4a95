import { Args, Flags } from '@oclif/core';
import { openRegistry } from '@faceforge/packs';
import { BaseCommand } from '../../base-command.js';
import { exactPackVersion, registryFlag, requireToken, tokenFlag } from '../../pack-support.js';

export default class RegistryDeprecate extends BaseCommand {
  static override summary = 'Mark a published version deprecated: it still resolves, with your message as a warning.';
  static override description = 'Only the owner of the pack name may deprecate. An empty message (--message "") lifts the deprecation.';
  static override examples = [
    '<%= config.bin %> registry deprecate faces-general@1.1.0 --message "trained on blurry faces: use 1.2.0" --registry https://registry.example.org/ --token $TOKEN',
    '<%= config.bin %> registry deprecate faces-general@1.1.0 --message "" --registry https://registry.example.org/ --token $TOKEN',
  ];
  static override args = { pack: Args.string({ required: true, description: 'NAME@VERSION' }) };
  static override flags = {
    message: Flags.string({ char: 'm', required: true, description: 'Why, and what to use instead ("" lifts the deprecation).' }),
    registry: registryFlag,
    token: tokenFlag,
  };

  async run(): Promise<void> {
    const { args, flags } = await this.parse(RegistryDeprecate);
    const { name, version } = exactPackVersion(args.pack);
    const registry = openRegistry(flags.registry);
    await registry.deprecate(name, version, flags.message, requireToken(flags.token, 'deprecating'));
    this.log(flags.message ? `deprecated ${name}@${version} on ${registry.location}: "${flags.message}"` : `lifted the deprecation of ${name}@${version} on ${registry.location}`);
  }
}
