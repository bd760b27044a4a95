import type { ConfigValues } from './ini-file.js';
import { sectionDefaults, type ConfigSection, type SectionValues } from './options.js';

/** A section's values for this run, the schema's defaults filling whatever the config leaves out. */
export function sectionValues<S extends ConfigSection>(config: ConfigValues, section: S): SectionValues<S> {
  return { ...sectionDefaults(section), ...(config[section.id] ?? {}) } as SectionValues<S>;
}
