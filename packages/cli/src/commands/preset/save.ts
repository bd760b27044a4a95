import { Args, Flags } from '@oclif/core';
import { readIniFile, savePreset } from '@faceforge/core/config';
import { BaseCommand } from '../../base-command.js';
import { presetsDir } from '../../forge-loader.js';

export default class PresetSave extends BaseCommand {
  static override summary = "Save one section of a train.ini as your own preset.";
  static override args = { name: Args.string({ required: true, description: 'Preset name' }) };
  static override flags = {
    config: Flags.file({ char: 'c', default: 'train.ini', exists: true, description: 'The ini file to read.' }),
    section: Flags.string({ required: true, description: 'Section to save, e.g. model.original or global.loss.' }),
    description: Flags.string({ char: 'd', default: '', description: 'What the preset is for.' }),
  };

  async run(): Promise<void> {
    const { args, flags } = await this.parse(PresetSave);
    const forge = await this.forge();
    const sections = forge.sections();
    if (!sections.some((s) => s.id === flags.section)) this.error(`no section [${flags.section}]: known ${sections.map((s) => s.id).join(', ')}`, { exit: 1 });
    const values = await readIniFile(flags.config, sections);
    const path = await savePreset(presetsDir(), { name: args.name, section: flags.section, description: flags.description, values: values[flags.section]! });
    this.log(`saved ${flags.section}:${args.name} to ${path}`);
  }
}
