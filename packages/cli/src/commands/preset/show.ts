import { Args } from '@oclif/core';
import { findPreset } from '@faceforge/core/config';
import { BaseCommand } from '../../base-command.js';
import { presetsDir } from '../../forge-loader.js';

export default class PresetShow extends BaseCommand {
  static override summary = "Print a preset's values.";
  static override args = { name: Args.string({ required: true, description: 'NAME or SECTION:NAME' }) };

  async run(): Promise<void> {
    const { args } = await this.parse(PresetShow);
    const preset = await findPreset(await this.forge(), args.name, presetsDir());
    this.log(`[${preset.section}] ${preset.name}: ${preset.description} (${preset.source})`);
    for (const [key, value] of Object.entries(preset.values)) this.log(`${key} = ${typeof value === 'string' ? value : JSON.stringify(value)}`);
  }
}
