/**
 * The CLI's forge: core's built-ins, every plugin installed next to the CLI or in the project, and
 * plugins installed or linked with `faceforge plugins install|link` (oclif's data folder).
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Config } from '@oclif/core';
import { createForge, type Forge, type Logger } from '@faceforge/core';

/** Linked plugin roots and the node_modules folder that `plugins install` fills. */
async function userPluginLocations(config: Config): Promise<{ nodeModules: string[]; linked: string[] }> {
  const linked: string[] = [];
  try {
    const pkg = JSON.parse(await readFile(join(config.dataDir, 'package.json'), 'utf8')) as {
      oclif?: { plugins?: Array<{ type?: string; root?: string }> };
    };
    for (const entry of pkg.oclif?.plugins ?? []) if (entry.type === 'link' && entry.root) linked.push(entry.root);
  } catch {
    // no user plugins yet
  }
  return { nodeModules: [join(config.dataDir, 'node_modules')], linked };
}

export async function loadForge(config: Config, log: Logger): Promise<Forge> {
  const user = await userPluginLocations(config);
  return createForge({ log, discover: { cwd: process.cwd(), nodeModules: user.nodeModules, linked: user.linked } });
}

/** Where user presets are saved. */
export function presetsDir(config: Config): string {
  return join(config.configDir, 'presets');
}
