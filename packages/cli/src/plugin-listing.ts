/** The plugins a forge loaded, with where each came from: what `plugins` and `doctor` print. */
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { CONTRIBUTION_KINDS, nodeModulesChain, pluginReport, type Forge, type PluginFailure } from '@faceforge/core';
import { pluginsDir, readLinkedPlugins } from './forge-loader.js';
import { isInside } from './plugin-store.js';

/** built-in: core's or shipped with the CLI; installed/linked: `plugins install|link`; project: a node_modules above the working folder. */
export type Origin = 'built-in' | 'installed' | 'linked' | 'project';

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

export async function listPlugins(forge: Forge): Promise<{ plugins: PluginListing[]; failures: readonly PluginFailure[] }> {
  const report = pluginReport(forge);
  const linked = await readLinkedPlugins(pluginsDir());
  const installedRoot = join(pluginsDir(), 'node_modules');
  const shipped = nodeModulesChain(fileURLToPath(new URL('.', import.meta.url)));
  const origin = (dir: string | undefined): Origin => {
    if (!dir) return 'built-in';
    if (linked.includes(dir)) return 'linked';
    if (isInside(dir, installedRoot)) return 'installed';
    return shipped.some((root) => isInside(dir, root)) ? 'built-in' : 'project';
  };
  const plugins = forge.plugins.map((plugin): PluginListing => {
    const source = report.sources.get(plugin.meta.name);
    const section = forge.sectionOf(plugin);
    return {
      name: plugin.meta.name, kind: plugin.meta.kind, version: plugin.meta.version, description: plugin.meta.description,
      package: source?.packageName ?? '@faceforge/core', packageVersion: source?.version ?? plugin.meta.version,
      origin: origin(source?.dir), dir: source?.dir,
      sections: section ? [section.id] : [], registered: registeredBy(forge, plugin.meta.name),
    };
  });
  return { plugins, failures: report.failures };
}

/** `name (kind)  package@version  origin  [folder]` */
export function pluginLine(p: PluginListing): string {
  return `${p.name} (${p.kind})  ${p.package}@${p.packageVersion}  ${p.origin}${p.origin === 'built-in' || !p.dir ? '' : `  ${p.dir}`}`;
}

export function failureLine(f: PluginFailure): string {
  return `${f.packageName}${f.version ? `@${f.version}` : ''} (${f.file ?? f.dir}): ${f.message}`;
}
