import { Flags } from '@oclif/core';
import { modelPluginVersion, seasonEncoder } from '@faceforge/core/packs';
import { readState } from '@faceforge/core/train';
import { folderFlag } from '../../path-flags.js';
import { BaseCommand } from '../../base-command.js';
import { packDetails, packMetadataFlags, packStore } from '../../pack-support.js';

export default class EncoderSeason extends BaseCommand {
  static override summary = "Return a model's encoder as the next version of the pack it started from.";
  static override description = 'The model must have started from an encoder pack (`train --encoder`) or have been packed before; its encoder becomes the next patch (or --bump minor) version of that pack, with the lineage of the parent plus the sessions trained since. --name seasons into another pack name.';
  static override examples = ['<%= config.bin %> encoder season -m models/alice_carol', '<%= config.bin %> encoder season -m models/alice_carol --bump minor'];
  static override flags = {
    'model-dir': folderFlag({ char: 'm', required: true, exists: true, description: 'Model folder whose encoder to return.' }),
    name: Flags.string({ description: 'Pack name to season into (needed when the model did not start from a pack).' }),
    bump: Flags.string({ options: ['patch', 'minor', 'major'], default: 'patch', description: 'Which part of the version to raise.' }),
    ...packMetadataFlags,
  };

  async run(): Promise<void> {
    const { flags } = await this.parse(EncoderSeason);
    const state = await readState(flags['model-dir']);
    const forge = await this.forge();
    const result = await seasonEncoder({
      modelDir: flags['model-dir'], name: flags.name, bump: flags.bump as 'patch' | 'minor' | 'major', license: flags.license,
      keywords: flags.keyword, description: flags.description, pluginVersion: state ? modelPluginVersion(forge, state.model) : undefined,
      store: packStore(), output: flags.output, log: this.logger,
    });
    this.log(`seasoned ${result.parent ?? '(new pack)'} → ${result.manifest.name}@${result.manifest.version}`);
    for (const line of packDetails(result)) this.log(line);
    for (const path of result.paths) this.log(`wrote ${path}`);
  }
}
