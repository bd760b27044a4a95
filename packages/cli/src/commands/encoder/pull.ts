import { Args } from '@oclif/core';
import { BaseCommand } from '../../base-command.js';
import { packLine, pullPack, registryFlag } from '../../pack-support.js';

export default class EncoderPull extends BaseCommand {
  static override summary = 'Download an encoder pack from a registry into the local store.';
  static override description = 'The archive is checked against the sha512 in the registry index, then verified (safe entries, manifest, sha256 of every file) before anything is written.';
  static override examples = ['<%= config.bin %> encoder pull faces-general@^1 --registry https://registry.example.org/'];
  static override args = { pack: Args.string({ required: true, description: 'NAME or NAME@RANGE' }) };
  static override flags = { registry: registryFlag };

  async run(): Promise<void> {
    const { args, flags } = await this.parse(EncoderPull);
    const stored = await pullPack('encoder', args.pack, flags.registry, this.logger);
    this.log(`${stored.added ? 'pulled' : 'already in the store:'} ${packLine(stored)}`);
    this.log(`stored in ${stored.dir}`);
  }
}
