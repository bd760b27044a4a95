/** The config section of the plugin that owns a mask type: defaults, or an ini file, plus flag overrides. */
import { resolveSection, type Forge } from '@faceforge/core';
import { defaultValues, readIniFile } from '@faceforge/core/config';

export async function maskPluginConfig(forge: Forge, type: string, options: { configFile?: string; overrides?: Record<string, unknown> }): Promise<Record<string, unknown>> {
  const owner = forge.masks.owner(type);
  const plugin = owner ? forge.plugin(owner) : undefined;
  const section = plugin ? forge.sectionOf(plugin) : undefined;
  if (!section) return {};
  const values = options.configFile ? (await readIniFile(options.configFile, forge.sections()))[section.id] ?? {} : defaultValues([section])[section.id] ?? {};
  const overrides = Object.fromEntries(Object.entries(options.overrides ?? {}).filter(([, v]) => v !== undefined));
  return resolveSection(section, { ...values, ...overrides }, { file: 'the command line' });
}
