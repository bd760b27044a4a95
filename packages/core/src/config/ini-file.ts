/**
 * The train.ini file: one section per plugin, every option preceded by its help text, its allowed
 * values and its default as comments (what faceswap's config files look like).
 */
import { readFile } from 'node:fs/promises';
import ini from 'ini';
import { ConfigError } from '../util/errors.js';
import { writeFileAtomic } from '../io/atomic.js';
import { allowedText, describeOptions, sectionDefaults, type ConfigSection } from './options.js';
import { resolveSection } from './validate.js';
import { moveOptions } from './moved-options.js';

/** Resolved values for every section: section id → option key → value. */
export type ConfigValues = Record<string, Record<string, unknown>>;

function wrap(text: string, width = 96): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    if (line && line.length + word.length + 1 > width) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) lines.push(line);
  return lines;
}

function formatValue(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/** Renders a commented ini for these sections, with `values` (or the defaults) filled in. */
export function renderIni(sections: ConfigSection[], values: ConfigValues = {}): string {
  const out: string[] = ['# faceforge training configuration', '# Written by `faceforge config init`. Lines starting with # are comments.', ''];
  for (const section of sections) {
    for (const line of wrap(section.help.toUpperCase())) out.push(`# ${line}`);
    out.push(`[${section.id}]`, '');
    const current = { ...sectionDefaults(section), ...(values[section.id] ?? {}) };
    for (const info of describeOptions(section)) {
      for (const line of wrap(info.help)) out.push(`# ${line}`);
      out.push(`# Allowed: ${allowedText(info)}. [Default: ${formatValue(info.default)}]${info.fixed ? ' Fixed when the model is created.' : ''}`);
      out.push(`${info.key} = ${formatValue(current[info.key])}`, '');
    }
  }
  return out.join('\n');
}

/** Walks ini's nested objects to the section `a.b.c`; scalar values only (sub-sections are objects). */
function sectionObject(parsed: Record<string, unknown>, id: string): Record<string, unknown> | undefined {
  let node: unknown = parsed;
  for (const part of id.split('.')) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<string, unknown>)[part];
  }
  if (node === null || typeof node !== 'object') return undefined;
  return Object.fromEntries(Object.entries(node as Record<string, unknown>).filter(([, v]) => typeof v !== 'object' || v === null));
}

/** Every section id present in the parsed file (objects that hold at least one scalar). */
function presentSections(parsed: Record<string, unknown>, prefix = ''): string[] {
  const ids: string[] = [];
  for (const [key, value] of Object.entries(parsed)) {
    if (value === null || typeof value !== 'object') continue;
    const id = prefix ? `${prefix}.${key}` : key;
    if (Object.values(value as object).some((v) => typeof v !== 'object' || v === null)) ids.push(id);
    ids.push(...presentSections(value as Record<string, unknown>, id));
  }
  return ids;
}

/**
 * Parses ini text against the known sections. Missing sections/keys take their value from `base`
 * when given (a resumed model's last settings, so a file holding only the keys someone changed
 * keeps the rest as they were), else the defaults.
 */
export function parseIni(text: string, sections: ConfigSection[], file: string, base?: ConfigValues): ConfigValues {
  const parsed = ini.parse(text) as Record<string, unknown>;
  const known = new Set(sections.map((s) => s.id));
  for (const id of presentSections(parsed)) {
    if (!known.has(id)) {
      throw new ConfigError(`${file}: unknown section [${id}]. Known sections: ${[...known].map((k) => `[${k}]`).join(', ')}`);
    }
  }
  const rootScalars = Object.entries(parsed).filter(([, v]) => typeof v !== 'object' || v === null);
  if (rootScalars.length > 0) {
    throw new ConfigError(`${file}: option '${rootScalars[0]![0]}' is outside any section; put it under its [section]`);
  }
  const raw = Object.fromEntries(sections.map((section) => [section.id, { ...(sectionObject(parsed, section.id) ?? {}) }]));
  moveOptions(raw);
  const values: ConfigValues = {};
  for (const section of sections) values[section.id] = resolveSection(section, { ...base?.[section.id], ...raw[section.id]! }, { file });
  return values;
}

export async function readIniFile(path: string, sections: ConfigSection[], base?: ConfigValues): Promise<ConfigValues> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new ConfigError(`${path}: cannot read the config file (${(error as Error).message})`);
  }
  return parseIni(text, sections, path, base);
}

/**
 * An ini holding only the given keys (what a form changed), each under its section with its help
 * and allowed values as comments: read with a base, it changes those keys and nothing else.
 */
export function renderChangedIni(sections: ConfigSection[], changed: ConfigValues): string {
  const out: string[] = ['# faceforge training configuration: only the options changed from the model\'s own settings.', '# Options not listed keep the model\'s last-session values (or the defaults for a new model).', ''];
  for (const section of sections) {
    const keys = changed[section.id];
    if (!keys || Object.keys(keys).length === 0) continue;
    out.push(`[${section.id}]`);
    for (const info of describeOptions(section)) {
      if (!(info.key in keys)) continue;
      for (const line of wrap(info.help)) out.push(`# ${line}`);
      out.push(`# Allowed: ${allowedText(info)}. [Default: ${formatValue(info.default)}]`);
      out.push(`${info.key} = ${formatValue(keys[info.key])}`);
    }
    out.push('');
  }
  return out.join('\n');
}

export async function writeIniFile(path: string, sections: ConfigSection[], values: ConfigValues = {}): Promise<void> {
  await writeFileAtomic(path, renderIni(sections, values));
}

/** Defaults for every section, for runs without a config file. */
export function defaultValues(sections: ConfigSection[]): ConfigValues {
  return Object.fromEntries(sections.map((s) => [s.id, sectionDefaults(s)]));
}
