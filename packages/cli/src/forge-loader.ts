/**
 * The CLI's forge: core's built-ins, every plugin installed next to the CLI or in the project, and
 * plugins installed or linked with `faceforge plugins install|link`. Those live in oclif's data
 * folder: `plugins install` is `npm install --prefix <dataDir>` (so `<dataDir>/node_modules`), and
 * linked plugin folders are listed in `<dataDir>/linked-plugins.json`.
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { Config } from '@oclif/core';
import { createForge, type Forge, type Logger } from '@faceforge/core';

export const LINKED_PLUGINS_FILE = 'linked-plugins.json';

/** The folders `plugins link` recorded, absolute. */
export async function readLinkedPlugins(dataDir: string): Promise<string[]> {
  try {
    const file = JSON.parse(await readFile(join(dataDir, LINKED_PLUGINS_FILE), 'utf8')) as { linked?: unknown };
    return Array.isArray(file.linked) ? file.linked.filter((d): d is string => typeof d === 'string').map((d) => resolve(d)) : [];
  } catch {
    return []; // nothing linked yet
  }
}

export async function writeLinkedPlugins(dataDir: string, linked: string[]): Promise<void> {
  await mkdir(dataDir, { recursive: true });
  await writeFile(join(dataDir, LINKED_PLUGINS_FILE), `${JSON.stringify({ linked }, null, 2)}\n`);
}

/** Linked plugin roots and the node_modules folder that `plugins install` fills. */
export async function userPluginLocations(config: Config): Promise<{ nodeModules: string[]; linked: string[] }> {
  return { nodeModules: [join(config.dataDir, 'node_modules')], linked: await readLinkedPlugins(config.dataDir) };
}

export async function loadForge(config: Config, log: Logger): Promise<Forge> {
  const user = await userPluginLocations(config);
  return createForge({ log, discover: { cwd: process.cwd(), nodeModules: user.nodeModules, linked: user.linked } });
}

/** Where user presets are saved. */
export function presetsDir(config: Config): string {
  return join(config.configDir, 'presets');
}
