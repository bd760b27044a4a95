import { Args } from '@oclif/core';
import { BaseCommand } from '../../base-command.js';
import { publishPack, registryFlag, tokenFlag } from '../../pack-support.js';

export default class EncoderPublish extends BaseCommand {
  static override summary = 'Publish an encoder pack to a registry.';
  static override description = 'PACK is an archive file or NAME@RANGE in the local store. A published version is never overwritten: publish changes as a new version.';
  static override examples = ['<%= config.bin %> encoder publish faces-general@1.0.0 --registry https://registry.example.org/ --token $TOKEN'];
  static override args = { pack: Args.string({ required: true, description: 'Archive file or NAME@RANGE in the local store.' }) };
  static override flags = { registry: registryFlag, token: tokenFlag };

  async run(): Promise<void> {
    const { args, flags } = await this.parse(EncoderPublish);
    const { registry, result } = await publishPack('encoder', args.pack, flags.registry, flags.token, this.logger);
    this.log(`published ${result.name}@${result.version} to ${registry} (${result.sha512})`);
  }
}
