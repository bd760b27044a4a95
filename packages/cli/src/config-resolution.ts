/** Config for a run: the ini file (or the model's last config, or defaults), then presets on top, validated. */
import { access } from 'node:fs/promises';
import { type Forge } from '@faceforge/core';
import { applyPreset, configDifferences, defaultValues, findPreset, readIniFile, type ConfigValues } from '@faceforge/core/config';

export interface ConfigSources {
  configFile?: string;
  presets?: string[];
  presetsDir?: string;
  /** What the run starts from without a config file: a resumed model's last config (default: the built-in defaults). */
  base?: ConfigValues;
}

export async function resolveConfig(forge: Forge, modelName: string, options: ConfigSources): Promise<ConfigValues> {
  // An ini may hold every installed plugin's section (config init, preset apply write them all):
  // validate against all of them, the run uses its own.
  const sections = options.configFile ? forge.sections() : forge.sectionsFor(modelName);
  let values: ConfigValues = options.base ?? defaultValues(sections);
  if (options.configFile) {
    await access(options.configFile).catch(() => {
      throw new Error(`config file ${options.configFile} not found (write one with \`faceforge config init -o ${options.configFile}\`)`);
    });
    values = await readIniFile(options.configFile, sections, options.base);
  }
  const run = forge.sectionsFor(modelName).map((s) => s.id);
  for (const spec of options.presets ?? []) values = applyPreset(forge, values, await findPreset(forge, spec, options.presetsDir, run));
  return values;
}

/**
 * What a run prints about its settings: those that differ from the defaults, and on a resumed
 * model those that differ from its last session.
 */
export function describeSettings(forge: Forge, modelName: string, values: ConfigValues, last: ConfigValues | undefined): string[] {
  const sections = forge.sectionsFor(modelName);
  const indent = (lines: string[]) => lines.map((line) => `  ${line}`);
  const fromDefaults = configDifferences(sections, values, defaultValues(sections), 'default');
  const lines = fromDefaults.length ? ['settings that differ from the defaults:', ...indent(fromDefaults)] : ['settings: the defaults'];
  if (last) {
    const fromLast = configDifferences(sections, values, last, 'last session');
    lines.push(...(fromLast.length ? ['settings changed since the last session:', ...indent(fromLast)] : ['settings: unchanged since the last session']));
  }
  return lines;
}
