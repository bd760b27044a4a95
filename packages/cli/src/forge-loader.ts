/**
 * The CLI's forge: core's built-ins, every plugin installed next to the CLI or in the project, and
 * plugins installed or linked with `faceforge plugins install|link`. Those live in the plugins
 * folder of faceforge's home (see @faceforge/packs faceforge-dirs.ts): `plugins install` is
 * `npm install --prefix <plugins>` (so `<plugins>/node_modules`), and linked plugin folders are
 * listed in `<plugins>/linked-plugins.json`.
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { createForge, type Forge, type Logger } from '@faceforge/core';
import { faceforgeDirs } from '@faceforge/packs';

export const LINKED_PLUGINS_FILE = 'linked-plugins.json';

/** The folders `plugins link` recorded, absolute. */
export async function readLinkedPlugins(pluginsDir: string): Promise<string[]> {
  try {
    const file = JSON.parse(await readFile(join(pluginsDir, LINKED_PLUGINS_FILE), 'utf8')) as { linked?: unknown };
    return Array.isArray(file.linked) ? file.linked.filter((d): d is string => typeof d === 'string').map((d) => resolve(d)) : [];
  } catch {
    return []; // nothing linked yet
  }
}

export async function writeLinkedPlugins(pluginsDir: string, linked: string[]): Promise<void> {
  await mkdir(pluginsDir, { recursive: true });
  await writeFile(join(pluginsDir, LINKED_PLUGINS_FILE), `${JSON.stringify({ linked }, null, 2)}\n`);
}

/** Where `plugins install|link` put plugins. */
export function pluginsDir(): string {
  return faceforgeDirs().plugins;
}

/** Linked plugin roots and the node_modules folder that `plugins install` fills. */
export async function userPluginLocations(): Promise<{ nodeModules: string[]; linked: string[] }> {
  const dir = pluginsDir();
  return { nodeModules: [join(dir, 'node_modules')], linked: await readLinkedPlugins(dir) };
}

export async function loadForge(log: Logger): Promise<Forge> {
  const user = await userPluginLocations();
  return createForge({ log, discover: { cwd: process.cwd(), nodeModules: user.nodeModules, linked: user.linked } });
}

/** Where user presets are saved. */
export function presetsDir(): string {
  return faceforgeDirs().presets;
}
