/**
 * Turns raw values (strings from an ini file, JSON from a preset) into checked, typed values.
 * A bad value fails with an error naming the file, section, key, value and what is allowed.
 */
import { ConfigError } from '../util/errors.js';
import { allowedText, describeOptions, type ConfigSection, type OptionInfo } from './options.js';

export interface ValueSource {
  /** File the values came from, for error messages. */
  file: string;
}

function coerce(info: OptionInfo, raw: unknown): unknown {
  if (typeof raw !== 'string') return raw;
  const text = raw.trim();
  switch (info.type) {
    case 'boolean':
      if (/^(true|yes|on|1)$/i.test(text)) return true;
      if (/^(false|no|off|0)$/i.test(text)) return false;
      return raw;
    case 'number':
    case 'integer':
      return text !== '' && Number.isFinite(Number(text)) ? Number(text) : raw;
    default:
      return info.choices ? text.toLowerCase() : text;
  }
}

function isValid(info: OptionInfo, value: unknown): boolean {
  switch (info.type) {
    case 'boolean':
      return typeof value === 'boolean';
    case 'integer':
    case 'number':
      if (typeof value !== 'number' || !Number.isFinite(value)) return false;
      if (info.type === 'integer' && !Number.isInteger(value)) return false;
      return (info.minimum === undefined || value >= info.minimum) && (info.maximum === undefined || value <= info.maximum);
    default:
      return typeof value === 'string' && (!info.choices || info.choices.includes(value));
  }
}

/**
 * Validates `raw` against the section, fills defaults for missing keys, rejects unknown keys.
 * Returns a complete, typed values object.
 */
export function resolveSection(section: ConfigSection, raw: Record<string, unknown>, source: ValueSource): Record<string, unknown> {
  const infos = describeOptions(section);
  const known = new Map(infos.map((info) => [info.key, info]));
  for (const key of Object.keys(raw)) {
    if (!known.has(key)) {
      throw new ConfigError(
        `${source.file}: [${section.id}] has no option '${key}'. Known options: ${[...known.keys()].join(', ')}`,
      );
    }
  }
  const values: Record<string, unknown> = {};
  for (const info of infos) {
    if (!(info.key in raw) || raw[info.key] === undefined) {
      values[info.key] = info.default;
      continue;
    }
    const value = coerce(info, raw[info.key]);
    if (!isValid(info, value)) {
      throw new ConfigError(
        `${source.file}: [${section.id}] ${info.key} = ${JSON.stringify(raw[info.key])} is not allowed: must be ${allowedText(info)}`,
      );
    }
    values[info.key] = value;
  }
  return values;
}
