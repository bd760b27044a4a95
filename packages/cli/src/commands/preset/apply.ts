import { Args, Flags } from '@oclif/core';
import { access } from 'node:fs/promises';
import { applyPreset, defaultValues, findPreset, readIniFile, writeIniFile } from '@faceforge/core/config';
import { BaseCommand } from '../../base-command.js';
import { presetsDir } from '../../forge-loader.js';

export default class PresetApply extends BaseCommand {
  static override summary = "Write a preset's values into a train.ini (created if missing).";
  static override args = { name: Args.string({ required: true, description: 'NAME or SECTION:NAME' }) };
  static override flags = { config: Flags.file({ char: 'c', default: 'train.ini', description: 'The ini file to update.' }) };

  async run(): Promise<void> {
    const { args, flags } = await this.parse(PresetApply);
    const forge = await this.forge();
    const sections = forge.sections();
    const exists = await access(flags.config).then(() => true, () => false);
    const values = exists ? await readIniFile(flags.config, sections) : defaultValues(sections);
    const preset = await findPreset(forge, args.name, presetsDir());
    await writeIniFile(flags.config, sections, applyPreset(forge, values, preset));
    this.log(`applied ${preset.section}:${preset.name} to ${flags.config}`);
  }
}
