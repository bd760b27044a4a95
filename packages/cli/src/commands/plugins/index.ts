import { type PluginFailure } from '@faceforge/core';
import { BaseCommand } from '../../base-command.js';
import { failureLine, listPlugins, pluginLine, type PluginListing } from '../../plugin-listing.js';

export type { PluginListing };

export default class Plugins extends BaseCommand {
  static override summary = 'List the plugins: what each registers, its config sections, where it came from, and any that failed to load.';
  static override enableJsonFlag = true;

  async run(): Promise<{ plugins: PluginListing[]; failures: readonly PluginFailure[] }> {
    await this.parse(Plugins);
    const { plugins, failures } = await listPlugins(await this.forge());
    for (const p of plugins) {
      this.log(pluginLine(p));
      const registered = Object.entries(p.registered).map(([key, names]) => `${key}: ${names.join(', ')}`);
      if (p.sections.length) this.log(`    config: ${p.sections.map((s) => `[${s}]`).join(' ')}`);
      if (registered.length) this.log(`    registers ${registered.join('; ')}`);
    }
    if (failures.length) {
      this.log('');
      this.log('failed, left out:');
      for (const f of failures) this.log(`  ${failureLine(f)}`);
    }
    return { plugins, failures };
  }
}
