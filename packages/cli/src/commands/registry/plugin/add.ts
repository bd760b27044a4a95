import { Args, Flags } from '@oclif/core';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { inspectPackage } from '@faceforge/core';
import { PLUGIN_KINDS, RegistryError, type PluginIndexEntry } from '@faceforge/packs';
import { RegistryStore } from '@faceforge/registry';
import { BaseCommand } from '../../../base-command.js';

export default class RegistryPluginAdd extends BaseCommand {
  static override summary = "List a plugin (an npm package) in a registry's index, so `faceforge search` finds it.";
  static override description =
    'Given a plugin folder, reads the name, kind, description and keywords from its package.json ("faceforge" field). ' +
    'Given an npm package name, takes them from the flags. Users install it with `faceforge plugins install NPM_NAME`.';
  static override examples = [
    '<%= config.bin %> registry plugin add --dir /srv/registry ./packages/plugin-villain',
    '<%= config.bin %> registry plugin add --dir /srv/registry faceforge-plugin-villain --kind model --name villain --description "Villain model"',
  ];
  static override args = { plugin: Args.string({ required: true, description: 'Plugin folder (with package.json) or npm package name.' }) };
  static override flags = {
    dir: Flags.directory({ char: 'd', required: true, description: 'Registry directory.' }),
    kind: Flags.string({ options: [...PLUGIN_KINDS], description: 'Plugin kind (npm name form).' }),
    name: Flags.string({ description: 'Plugin name, e.g. the model name for -t (npm name form).' }),
    description: Flags.string({ default: '', description: 'One line about the plugin.' }),
    keyword: Flags.string({ multiple: true, default: [], description: 'Search keyword (repeatable).' }),
  };

  async run(): Promise<void> {
    const { args, flags } = await this.parse(RegistryPluginAdd);
    let npmName = args.plugin;
    let entry: PluginIndexEntry;
    if (existsSync(join(args.plugin, 'package.json'))) {
      const found = await inspectPackage(args.plugin);
      if (!found) throw new RegistryError(`${join(args.plugin, 'package.json')}: not a faceforge plugin (needs the "faceforge-plugin" keyword and a "faceforge": {"kind", "name"} field)`);
      const pkg = JSON.parse(await readFile(join(args.plugin, 'package.json'), 'utf8')) as { description?: string; keywords?: string[] };
      npmName = found.packageName;
      entry = {
        kind: found.marker.kind, name: found.marker.name,
        description: flags.description || pkg.description || '',
        keywords: [...new Set([...(pkg.keywords ?? []).filter((k) => k !== 'faceforge-plugin'), ...flags.keyword])],
      };
    } else {
      if (!flags.kind || !flags.name) throw new RegistryError(`${args.plugin} is not a folder with a package.json: give --kind and --name for the npm package`);
      entry = { kind: flags.kind as PluginIndexEntry['kind'], name: flags.name, description: flags.description, keywords: flags.keyword };
    }
    const store = new RegistryStore(flags.dir);
    await store.init();
    await store.addPlugin(npmName, entry);
    this.log(`listed ${npmName} (${entry.kind} "${entry.name}") in ${store.paths.index}`);
  }
}
