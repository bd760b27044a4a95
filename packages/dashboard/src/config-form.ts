/**
 * The training form, generated from the config schema: every section a model plugin's run uses,
 * with its options (type, range, choices, help, group, fixed), the presets that apply, the values
 * the run would start from (a model's last-session settings, or the defaults) and the keys the
 * model's train.ini already changes. Saving writes only the changed keys into that train.ini, the
 * same file `faceforge train -c` reads: options not in it keep the model's own values.
 */
import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { ConfigError, describeOptions, writeFileAtomic, type Forge, type OptionInfo } from '@faceforge/core';
import { defaultValues, lastConfig, listPresets, parseIni, renderChangedIni, type ConfigValues } from '@faceforge/core/config';
import { STATE_FILE, type ModelState } from '@faceforge/core/train';
import type { FormSection, TrainForm } from './api/api-types.js';

export type { FormSection, TrainForm };

/** The model folder's ini that the dashboard writes and passes to `faceforge train -c`. */
export const MODEL_INI = 'train.ini';

function baseValues(forge: Forge, trainer: string, modelDir: string, state: ModelState | undefined): ConfigValues {
  const sections = forge.sectionsFor(trainer);
  return state ? lastConfig(state, sections, join(modelDir, STATE_FILE)) : defaultValues(sections);
}

/** Keys of `values` that differ from `base`. */
function differences(values: ConfigValues, base: ConfigValues): ConfigValues {
  const out: ConfigValues = {};
  for (const [section, keys] of Object.entries(values)) {
    for (const [key, value] of Object.entries(keys)) {
      if (base[section]?.[key] === value) continue;
      (out[section] ??= {})[key] = value;
    }
  }
  return out;
}

/** The form for `trainer`: of the model in `modelDir` (its settings and train.ini), or of a new model when none is given. */
export async function trainForm(forge: Forge, trainer: string, modelDir: string | undefined, state: ModelState | undefined, presetsDir?: string): Promise<TrainForm> {
  const sections = forge.sectionsFor(trainer);
  const base = modelDir ? baseValues(forge, trainer, modelDir, state) : defaultValues(sections);
  const iniPath = modelDir && join(modelDir, MODEL_INI);
  const text = iniPath && (await readFile(iniPath, 'utf8').catch(() => undefined));
  const changed = iniPath && text ? differences(parseIni(text, sections, iniPath, base), base) : {};
  const ids = new Set(sections.map((s) => s.id));
  const presets = (await listPresets(forge, presetsDir)).filter((p) => ids.has(p.section))
    .map(({ section, name, description, values }) => ({ section, name, description, values }));
  return {
    trainer, base, changed, presets, fixedLocked: state !== undefined,
    sections: sections.map((s) => ({ id: s.id, help: s.help, options: describeOptions(s) })),
  };
}

/**
 * Validates the changed keys against the schema (a bad value fails naming the section, key and
 * what is allowed) and writes them, and only them, to the model's train.ini; no changes remove the
 * file. Returns the file written, if any.
 */
export async function writeChangedConfig(forge: Forge, trainer: string, modelDir: string, state: ModelState | undefined, changed: ConfigValues): Promise<string | undefined> {
  const sections = forge.sectionsFor(trainer);
  const base = baseValues(forge, trainer, modelDir, state);
  const iniPath = join(modelDir, MODEL_INI);
  checkChangedShape(sections.map((s) => ({ id: s.id, keys: new Set(describeOptions(s).map((o) => o.key)) })), changed);
  const resolved = parseIni(renderChangedIni(sections, changed), sections, iniPath, base);
  const kept = differences(resolved, base);
  if (Object.keys(kept).length === 0) {
    await rm(iniPath, { force: true });
    return undefined;
  }
  await writeFileAtomic(iniPath, renderChangedIni(sections, kept));
  return iniPath;
}

/** Only known sections and keys, and single-line scalar values: a value can never add ini lines of its own. */
function checkChangedShape(sections: { id: string; keys: Set<string> }[], changed: ConfigValues): void {
  if (changed === null || typeof changed !== 'object') throw new ConfigError('the changed options must be an object of sections');
  for (const [id, keys] of Object.entries(changed)) {
    const section = sections.find((s) => s.id === id);
    if (!section) throw new ConfigError(`unknown section [${id}]; this model's sections: ${sections.map((s) => s.id).join(', ')}`);
    if (keys === null || typeof keys !== 'object') throw new ConfigError(`[${id}] must hold option values`);
    for (const [key, value] of Object.entries(keys)) {
      if (!section.keys.has(key)) throw new ConfigError(`[${id}] has no option '${key}'`);
      const scalar = typeof value === 'number' || typeof value === 'boolean' || (typeof value === 'string' && !/[\r\n]/.test(value));
      if (!scalar) throw new ConfigError(`[${id}] ${key}: ${JSON.stringify(value)} is not a single-line value`);
    }
  }
}
