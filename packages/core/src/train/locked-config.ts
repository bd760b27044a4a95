/**
 * Fixed options are locked into the model at creation. On later runs a changed fixed value is
 * reported and the creation value is used; options that may change are taken from the config.
 */
import type { ConfigValues } from '../config/ini-file.js';
import { describeOptions, type ConfigSection } from '../config/options.js';

export interface LockResult {
  /** The values this run uses. */
  values: ConfigValues;
  /** One line per fixed option whose requested value was ignored. */
  ignored: string[];
}

/** `lockedBy` ends the line of an ignored value: 'when the model was created', or the pack it came from. */
export function applyLockedConfig(sections: ConfigSection[], requested: ConfigValues, locked: ConfigValues | undefined, lockedBy = 'when the model was created'): LockResult {
  if (!locked) return { values: requested, ignored: [] };
  const values: ConfigValues = {};
  const ignored: string[] = [];
  for (const section of sections) {
    const out = { ...(requested[section.id] ?? {}) };
    for (const info of describeOptions(section)) {
      if (!info.fixed) continue;
      const lockedValue = locked[section.id]?.[info.key];
      if (lockedValue === undefined) continue;
      if (out[info.key] !== lockedValue) {
        ignored.push(`[${section.id}] ${info.key} = ${JSON.stringify(out[info.key])} ignored: fixed ${lockedBy} as ${JSON.stringify(lockedValue)}`);
      }
      out[info.key] = lockedValue;
    }
    values[section.id] = out;
  }
  for (const [id, sectionValues] of Object.entries(requested)) if (!(id in values)) values[id] = sectionValues;
  return { values, ignored };
}

/** The values of the options that may change between sessions, recorded per session. */
export function sessionConfig(sections: ConfigSection[], values: ConfigValues): ConfigValues {
  const out: ConfigValues = {};
  for (const section of sections) {
    const changeable = describeOptions(section).filter((o) => !o.fixed);
    if (changeable.length) out[section.id] = Object.fromEntries(changeable.map((o) => [o.key, values[section.id]?.[o.key]]));
  }
  return out;
}
