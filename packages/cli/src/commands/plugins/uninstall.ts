import { Args } from '@oclif/core';
import { pluginsDir } from '../../forge-loader.js';
import { BaseCommand } from '../../base-command.js';
import { uninstallPlugin } from '../../plugin-store.js';

export default class PluginsUninstall extends BaseCommand {
  static override summary = 'Remove an installed plugin, or unlink a linked one (by package name or plugin name).';
  static override aliases = ['plugins:unlink', 'plugins:remove'];
  static override args = { name: Args.string({ required: true, description: 'package name or plugin name' }) };

  async run(): Promise<void> {
    const { args } = await this.parse(PluginsUninstall);
    this.log(await uninstallPlugin(args.name, pluginsDir()));
  }
}
