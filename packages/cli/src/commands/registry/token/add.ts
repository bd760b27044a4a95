import { Flags } from '@oclif/core';
import { RegistryStore } from '@faceforge/registry';
import { BaseCommand } from '../../../base-command.js';

export default class RegistryTokenAdd extends BaseCommand {
  static override summary = 'Create a publish token for a user of a registry directory.';
  static override description =
    'Prints the token once; the registry stores only its sha256. The user becomes the owner of every pack name they publish first. ' +
    'Works while the server runs.';
  static override examples = ['<%= config.bin %> registry token add --dir /srv/faceforge-registry --user alice'];
  static override flags = {
    dir: Flags.directory({ char: 'd', required: true, description: 'Registry directory (as given to `registry serve`).' }),
    user: Flags.string({ char: 'u', required: true, description: 'User name: letters, digits, ".", "_" and "-".' }),
  };

  async run(): Promise<void> {
    const { flags } = await this.parse(RegistryTokenAdd);
    const token = await new RegistryStore(flags.dir).addToken(flags.user);
    this.log(token);
    this.logToStderr(`token for ${flags.user} created: it is shown only this once (send it as "Authorization: Bearer <token>")`);
  }
}
