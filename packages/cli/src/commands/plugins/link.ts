import { Args, Flags } from '@oclif/core';
import { pluginsDir } from '../../forge-loader.js';
import { BaseCommand } from '../../base-command.js';
import { linkPlugin, parsePluginSpec } from '../../plugin-store.js';
import { PluginError } from '@faceforge/core';

export default class PluginsLink extends BaseCommand {
  static override summary = 'Use a plugin folder in place (for developing a plugin): edits take effect on the next command.';
  static override args = { folder: Args.string({ required: true, description: 'the plugin package folder' }) };
  static override flags = {
    install: Flags.boolean({ allowNo: true, default: false, description: "run npm install in the folder first (its own dependencies; @faceforge/core is the CLI's)" }),
  };

  async run(): Promise<void> {
    const { args, flags } = await this.parse(PluginsLink);
    const spec = await parsePluginSpec(args.folder.startsWith('.') || args.folder.includes('/') || args.folder.includes('\\') ? args.folder : `./${args.folder}`);
    if (spec.kind !== 'folder') throw new PluginError(`plugins link takes a folder; ${args.folder} is not one (plugins install takes tarballs and npm names)`);
    const found = await linkPlugin(spec.path, pluginsDir(), flags.install);
    this.log(`linked ${found.packageName}@${found.version} (${found.marker.kind} '${found.marker.name}') from ${found.dir}`);
  }
}
