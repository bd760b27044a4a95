/** Config for a run: the ini file (or defaults), then a preset on top, validated. */
import { access } from 'node:fs/promises';
import { type Forge } from '@faceforge/core';
import { applyPreset, defaultValues, findPreset, readIniFile, type ConfigValues } from '@faceforge/core/config';

export async function resolveConfig(forge: Forge, modelName: string, options: { configFile?: string; presets?: string[]; presetsDir?: string }): Promise<ConfigValues> {
  // An ini may hold every installed plugin's section (config init, preset apply write them all):
  // validate against all of them, the run uses its own.
  const sections = options.configFile ? forge.sections() : forge.sectionsFor(modelName);
  let values: ConfigValues = defaultValues(sections);
  if (options.configFile) {
    await access(options.configFile).catch(() => {
      throw new Error(`config file ${options.configFile} not found (write one with \`faceforge config init -o ${options.configFile}\`)`);
    });
    values = await readIniFile(options.configFile, sections);
  }
  const run = forge.sectionsFor(modelName).map((s) => s.id);
  for (const spec of options.presets ?? []) values = applyPreset(forge, values, await findPreset(forge, spec, options.presetsDir, run));
  return values;
}
