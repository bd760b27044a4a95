/**
 * A model keeps its configuration: the values its last session trained with (state.json records
 * the creation values of every option and each session's values of the options that may change).
 * A resumed run starts from these, not from the built-in defaults, unless the user gives others.
 */
import type { ConfigValues } from '../config/ini-file.js';
import { describeOptions, sectionDefaults, type ConfigSection } from '../config/options.js';
import { resolveSection } from '../config/validate.js';
import type { ModelState } from './model-state.js';

/**
 * The values the model's last session used, for these sections: defaults, then the creation
 * values, then the last session's. Options the installed plugins no longer have are dropped;
 * a value they no longer allow fails naming `stateFile`.
 */
export function lastConfig(state: ModelState, sections: ConfigSection[], stateFile: string): ConfigValues {
  const last = state.sessions.at(-1)?.config ?? {};
  const values: ConfigValues = {};
  for (const section of sections) {
    const known = new Set(describeOptions(section).map((o) => o.key));
    const recorded = { ...(state.config[section.id] ?? {}), ...(last[section.id] ?? {}) };
    const raw = Object.fromEntries(Object.entries(recorded).filter(([key, value]) => known.has(key) && value !== undefined && value !== null));
    values[section.id] = resolveSection(section, raw, { file: stateFile });
  }
  return values;
}

/** `[section] key = value (<referenceName> before)` for each option whose value differs from `reference`'s. */
export function configDifferences(sections: ConfigSection[], values: ConfigValues, reference: ConfigValues, referenceName: string): string[] {
  const lines: string[] = [];
  for (const section of sections) {
    const defaults = sectionDefaults(section);
    for (const { key } of describeOptions(section)) {
      const value = values[section.id]?.[key] ?? defaults[key];
      const before = reference[section.id]?.[key] ?? defaults[key];
      if (value !== before) lines.push(`[${section.id}] ${key} = ${String(value)} (${referenceName} ${String(before)})`);
    }
  }
  return lines;
}
