/** [upscaler.srgan] for the `sr` commands: schema defaults, then a preset, then an ini's section, then flags. */
import { ConfigError, resolveSection, type ConfigSection } from '@faceforge/core';
import { readIniFile } from '@faceforge/core/config';
import srgan, { srganConfig, type SrganValues } from '@faceforge/plugin-srgan';

/** `sections`: every section the ini may hold (the forge's), so one ini can serve train, convert and sr. */
export async function srValues(sections: ConfigSection[], options: { configFile?: string; preset?: string; overrides?: Record<string, unknown> }): Promise<SrganValues> {
  let values: Record<string, unknown> = {};
  if (options.preset) {
    const preset = srgan.presets?.[options.preset];
    if (!preset) throw new ConfigError(`srgan has no preset '${options.preset}' (presets: ${Object.keys(srgan.presets ?? {}).join(', ')})`);
    values = { ...preset.values };
  }
  if (options.configFile) values = { ...values, ...((await readIniFile(options.configFile, sections))[srganConfig.id] ?? {}) };
  const overrides = Object.fromEntries(Object.entries(options.overrides ?? {}).filter(([, v]) => v !== undefined));
  return resolveSection(srganConfig, { ...values, ...overrides }, { file: options.configFile ?? 'the command line' }) as SrganValues;
}
