import { Args } from '@oclif/core';
import { pluginsDir } from '../../forge-loader.js';
import { BaseCommand } from '../../base-command.js';
import { installPlugin, parsePluginSpec } from '../../plugin-store.js';

export default class PluginsInstall extends BaseCommand {
  static override summary = 'Install a faceforge plugin: an npm package name (name@version too), a plugin folder or a .tgz from npm pack.';
  static override description =
    'Installed with npm into the CLI\'s data folder. @faceforge/core and tfjs are not installed: the CLI provides them. ' +
    'A package that is not a faceforge plugin (package.json "faceforge" field and "faceforge-plugin" keyword) is refused and removed again.';
  static override examples = ['<%= config.bin %> plugins install faceforge-plugin-dfl', '<%= config.bin %> plugins install ./my-plugin', '<%= config.bin %> plugins install ./my-plugin-1.0.0.tgz'];
  static override args = { spec: Args.string({ required: true, description: 'npm package name[@version], folder, or .tgz/.tar.gz file' }) };

  async run(): Promise<void> {
    const { args } = await this.parse(PluginsInstall);
    const spec = await parsePluginSpec(args.spec);
    const { found, kinds } = await installPlugin(spec, pluginsDir());
    this.log(`installed ${found.packageName}@${found.version}: ${kinds.join(', ')}`);
    if (found.marker.kind === 'model') this.log(`train with it: ${this.config.bin} train -t ${found.marker.name} ...`);
  }
}
