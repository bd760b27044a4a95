import { Flags } from '@oclif/core';
import { RegistryStore } from '@faceforge/registry';
import { BaseCommand } from '../../../base-command.js';

export default class RegistryTokenList extends BaseCommand {
  static override summary = 'List the publish tokens of a registry directory: id, user, created.';
  static override description = 'The id is the start of the token\'s sha256: it names the token for `registry token revoke`; the token itself is never stored.';
  static override examples = ['<%= config.bin %> registry token list --dir /srv/faceforge-registry'];
  static override flags = {
    dir: Flags.directory({ char: 'd', required: true, description: 'Registry directory (as given to `registry serve`).' }),
  };

  async run(): Promise<void> {
    const { flags } = await this.parse(RegistryTokenList);
    const tokens = await new RegistryStore(flags.dir).listTokens();
    if (tokens.length === 0) this.logToStderr('no tokens (create one with `registry token add`)');
    for (const token of tokens) this.log(`${token.id}  ${token.user.padEnd(20)} ${token.created}`);
  }
}
