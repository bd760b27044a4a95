import { Args, Flags } from '@oclif/core';
import { openRegistry, REGISTRY_ENV, type SearchQuery } from '@faceforge/packs';
import { BaseCommand } from '../base-command.js';

export default class Search extends BaseCommand {
  static override summary = 'Search a registry for encoder/decoder packs and plugins.';
  static override description = `Words match names, descriptions, keywords and model plugins. The registry is a URL or a folder (--registry or ${REGISTRY_ENV}).`;
  static override examples = [
    '<%= config.bin %> search seasoned --registry https://registry.example.org/',
    '<%= config.bin %> search --plugin original --kind decoder --fingerprint 3fa2c1',
  ];
  static override args = { text: Args.string({ required: false, description: 'Words to look for.' }) };
  static override flags = {
    registry: Flags.string({ char: 'r', env: REGISTRY_ENV, description: 'Registry URL or folder.' }),
    plugin: Flags.string({ description: "Only packs of this model plugin (e.g. original) and that plugin's entry." }),
    fingerprint: Flags.string({ description: 'Only packs with this fingerprint, or decoders trained with an encoder of it (a prefix is enough).' }),
    keyword: Flags.string({ description: 'Only entries with this keyword.' }),
    kind: Flags.string({ description: 'encoder, decoder, or a plugin kind (model, loss, ...).' }),
    json: Flags.boolean({ default: false, description: 'Print the results as JSON.' }),
  };

  async run(): Promise<void> {
    const { args, flags } = await this.parse(Search);
    const registry = openRegistry(flags.registry, { logger: this.logger });
    const query: SearchQuery = { text: args.text, plugin: flags.plugin, fingerprint: flags.fingerprint, keyword: flags.keyword, kind: flags.kind as SearchQuery['kind'] };
    const results = await registry.search(query);
    if (flags.json) {
      this.log(JSON.stringify(results, null, 2));
      return;
    }
    if (results.packs.length === 0 && results.plugins.length === 0) {
      this.log(`nothing found in ${registry.location}`);
      return;
    }
    for (const pack of results.packs) {
      const deprecated = pack.deprecated ? `  [deprecated: ${pack.deprecated}]` : '';
      this.log(`${pack.kind.padEnd(8)} ${`${pack.name}@${pack.latest}`.padEnd(32)} ${pack.plugin.padEnd(10)} ${pack.fingerprint.slice(0, 12)}  ${pack.description}${deprecated}`);
    }
    for (const plugin of results.plugins) {
      this.log(`${`plugin:${plugin.kind}`.padEnd(8)} ${plugin.npmName.padEnd(32)} ${plugin.name.padEnd(10)} ${''.padEnd(12)}  ${plugin.description}  (faceforge plugins install ${plugin.npmName})`);
    }
  }
}
