import { Args, Flags } from '@oclif/core';
import { RegistryStore } from '@faceforge/registry';
import { BaseCommand } from '../../../base-command.js';

export default class RegistryTokenRevoke extends BaseCommand {
  static override summary = 'Revoke a publish token by its id, or every token of a user.';
  static override description = 'Takes effect at once, also while the server runs: the next request with that token gets 401.';
  static override examples = [
    '<%= config.bin %> registry token revoke 3f2a9c01b7de --dir /srv/faceforge-registry',
    '<%= config.bin %> registry token revoke --user alice --dir /srv/faceforge-registry',
  ];
  static override args = { id: Args.string({ description: 'Token id, as `registry token list` shows it.' }) };
  static override flags = {
    dir: Flags.directory({ char: 'd', required: true, description: 'Registry directory (as given to `registry serve`).' }),
    user: Flags.string({ char: 'u', description: 'Revoke every token of this user.' }),
  };

  async run(): Promise<void> {
    const { args, flags } = await this.parse(RegistryTokenRevoke);
    const revoked = await new RegistryStore(flags.dir).revokeTokens({ id: args.id, user: flags.user });
    for (const token of revoked) this.log(`revoked ${token.id} of ${token.user} (created ${token.created})`);
  }
}
