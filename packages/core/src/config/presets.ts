/**
 * Presets: named values for one config section. Plugins ship them in code; users save their own
 * as JSON files (`<presets dir>/<section>/<name>.json`). Applying one validates it like an ini.
 */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Forge } from '../forge.js';
import { ConfigError } from '../util/errors.js';
import { writeFileAtomic } from '../io/atomic.js';
import { resolveSection } from './validate.js';
import type { ConfigValues } from './ini-file.js';

export interface PresetEntry {
  name: string;
  section: string;
  description: string;
  values: Record<string, unknown>;
  /** Plugin name, or the file of a user preset. */
  source: string;
}

const FILETYPE = 'faceforge_preset';

export async function listPresets(forge: Forge, userDir?: string): Promise<PresetEntry[]> {
  const entries: PresetEntry[] = [];
  for (const plugin of forge.plugins) {
    for (const [name, preset] of Object.entries(plugin.presets ?? {})) {
      const section = forge.sectionOf(plugin);
      if (!section) continue;
      entries.push({ name, section: section.id, description: preset.description, values: preset.values, source: plugin.meta.name });
    }
  }
  if (userDir) {
    for (const section of await readdir(userDir).catch(() => [] as string[])) {
      for (const file of await readdir(join(userDir, section)).catch(() => [] as string[])) {
        if (!file.endsWith('.json')) continue;
        const path = join(userDir, section, file);
        let parsed: Record<string, unknown>;
        try {
          parsed = JSON.parse(await readFile(path, 'utf8')) as Record<string, unknown>;
        } catch (error) {
          throw new ConfigError(`${path}: not a valid preset file (${(error as Error).message})`);
        }
        if (parsed.__filetype !== FILETYPE) continue;
        entries.push({
          name: file.slice(0, -5), section: String(parsed.section), description: String(parsed.description ?? ''),
          values: parsed.values as Record<string, unknown>, source: path,
        });
      }
    }
  }
  return entries;
}

/**
 * Finds a preset by `name` or `section:name`. A bare name several sections share is taken from the
 * one of `within` (the sections a run uses: `train -t villain --preset lowmem` means Villain's),
 * else it must be qualified.
 */
export async function findPreset(forge: Forge, spec: string, userDir?: string, within?: readonly string[]): Promise<PresetEntry> {
  const all = await listPresets(forge, userDir);
  const [section, name] = spec.includes(':') ? spec.split(':', 2) as [string, string] : [undefined, spec];
  let matches = all.filter((p) => p.name === name && (!section || p.section === section));
  const inRun = within ? matches.filter((p) => within.includes(p.section)) : [];
  if (new Set(matches.map((p) => p.section)).size > 1 && inRun.length > 0) matches = inRun;
  if (matches.length === 0) {
    throw new ConfigError(`no preset '${spec}'. Available: ${all.map((p) => `${p.section}:${p.name}`).join(', ') || '(none)'}`);
  }
  // A user preset overrides a plugin's preset of the same section and name.
  const user = matches.filter((p) => p.source.endsWith('.json'));
  const sections = new Set(matches.map((p) => p.section));
  if (sections.size > 1) {
    throw new ConfigError(`preset '${spec}' exists for several sections (${[...sections].join(', ')}): write SECTION:${name}`);
  }
  return user[0] ?? matches[0]!;
}

/** Returns `values` with the preset's section replaced by validated preset values over them. */
export function applyPreset(forge: Forge, values: ConfigValues, preset: PresetEntry): ConfigValues {
  const section = forge.sections().find((s) => s.id === preset.section);
  if (!section) throw new ConfigError(`preset '${preset.name}' is for [${preset.section}], which no installed plugin owns`);
  const merged = { ...(values[preset.section] ?? {}), ...preset.values };
  return { ...values, [preset.section]: resolveSection(section, merged, { file: `preset ${preset.section}:${preset.name} (${preset.source})` }) };
}

export async function savePreset(userDir: string, entry: Omit<PresetEntry, 'source'>): Promise<string> {
  if (!/^[\w.-]+$/.test(entry.name)) throw new ConfigError(`preset name '${entry.name}' may only use letters, digits, '.', '_' and '-'`);
  const path = join(userDir, entry.section, `${entry.name}.json`);
  const body = { __filetype: FILETYPE, section: entry.section, description: entry.description, values: entry.values };
  await writeFileAtomic(path, JSON.stringify(body, null, 2) + '\n');
  return path;
}
