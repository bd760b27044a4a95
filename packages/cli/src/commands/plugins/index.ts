import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { CONTRIBUTION_KINDS, nodeModulesChain, pluginReport, type Forge, type PluginFailure } from '@faceforge/core';
import { BaseCommand } from '../../base-command.js';
import { readLinkedPlugins } from '../../forge-loader.js';
import { isInside } from '../../plugin-store.js';

/** built-in: core's or shipped with the CLI; installed/linked: `plugins install|link`; project: a node_modules above the working folder. */
type Origin = 'built-in' | 'installed' | 'linked' | 'project';

export interface PluginListing {
  name: string;
  kind: string;
  version: string;
  description: string;
  package: string;
  packageVersion: string;
  origin: Origin;
  dir?: string;
  sections: string[];
  registered: Record<string, string[]>;
}

function registeredBy(forge: Forge, plugin: string): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const key of CONTRIBUTION_KINDS) {
    const names = forge[key].names().filter((n) => forge[key].owner(n) === plugin);
    if (names.length) out[key] = names;
  }
  return out;
}

export default class Plugins extends BaseCommand {
  static override summary = 'List the plugins: what each registers, its config sections, where it came from, and any that failed to load.';
  static override enableJsonFlag = true;

  async run(): Promise<{ plugins: PluginListing[]; failures: readonly PluginFailure[] }> {
    await this.parse(Plugins);
    const forge = await this.forge();
    const report = pluginReport(forge);
    const linked = await readLinkedPlugins(this.config.dataDir);
    const installedRoot = join(this.config.dataDir, 'node_modules');
    const shipped = nodeModulesChain(fileURLToPath(new URL('..', import.meta.url)));
    const origin = (dir: string | undefined): Origin => {
      if (!dir) return 'built-in';
      if (linked.includes(dir)) return 'linked';
      if (isInside(dir, installedRoot)) return 'installed';
      return shipped.some((root) => isInside(dir, root)) ? 'built-in' : 'project';
    };
    const plugins: PluginListing[] = forge.plugins.map((plugin) => {
      const source = report.sources.get(plugin.meta.name);
      const section = forge.sectionOf(plugin);
      return {
        name: plugin.meta.name, kind: plugin.meta.kind, version: plugin.meta.version, description: plugin.meta.description,
        package: source?.packageName ?? '@faceforge/core', packageVersion: source?.version ?? plugin.meta.version,
        origin: origin(source?.dir), dir: source?.dir,
        sections: section ? [section.id] : [], registered: registeredBy(forge, plugin.meta.name),
      };
    });
    for (const p of plugins) {
      this.log(`${p.name} (${p.kind})  ${p.package}@${p.packageVersion}  ${p.origin}${p.origin === 'built-in' || !p.dir ? '' : `  ${p.dir}`}`);
      const registered = Object.entries(p.registered).map(([key, names]) => `${key}: ${names.join(', ')}`);
      if (p.sections.length) this.log(`    config: ${p.sections.map((s) => `[${s}]`).join(' ')}`);
      if (registered.length) this.log(`    registers ${registered.join('; ')}`);
    }
    if (report.failures.length) {
      this.log('');
      this.log('failed, left out:');
      for (const f of report.failures) this.log(`  ${f.packageName}${f.version ? `@${f.version}` : ''} (${f.file ?? f.dir}): ${f.message}`);
    }
    return { plugins, failures: report.failures };
  }
}
