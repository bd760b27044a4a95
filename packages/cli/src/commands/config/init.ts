import { Flags } from '@oclif/core';
import { access } from 'node:fs/promises';
import { defaultValues, writeIniFile } from '@faceforge/core/config';
import { BaseCommand } from '../../base-command.js';

export default class ConfigInit extends BaseCommand {
  static override summary = 'Write a commented train.ini with every option of the installed plugins.';
  static override examples = [
    '<%= config.bin %> config init -o train.ini',
    '<%= config.bin %> config init -t original -o train.ini',
    '<%= config.bin %> config init --convert -o convert.ini',
  ];

  static override flags = {
    output: Flags.file({ char: 'o', default: 'train.ini', description: 'File to write.' }),
    trainer: Flags.string({ char: 't', exclusive: ['convert'], description: 'Only the sections this model uses (default: every installed model).' }),
    convert: Flags.boolean({ default: false, description: 'Only the [convert.*] sections: masks, colour adjustments, sharpening, writers.' }),
    force: Flags.boolean({ char: 'f', default: false, description: 'Overwrite an existing file.' }),
  };

  async run(): Promise<void> {
    const { flags } = await this.parse(ConfigInit);
    const forge = await this.forge();
    const sections = flags.convert ? forge.convertSections() : flags.trainer ? forge.sectionsFor(forge.models.get(flags.trainer).name) : forge.sections();
    const exists = await access(flags.output).then(() => true, () => false);
    if (exists && !flags.force) this.error(`${flags.output} already exists: use --force to overwrite it`, { exit: 1 });
    await writeIniFile(flags.output, sections, defaultValues(sections));
    this.log(`wrote ${flags.output}: ${sections.map((s) => `[${s.id}]`).join(' ')}`);
  }
}
