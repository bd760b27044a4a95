import { Flags } from '@oclif/core';
import { modelPluginVersion, packEncoder } from '@faceforge/core/packs';
import { readState } from '@faceforge/core/train';
import { folderFlag } from '../../path-flags.js';
import { BaseCommand } from '../../base-command.js';
import { packDetails, packMetadataFlags, packStore } from '../../pack-support.js';

export default class EncoderPack extends BaseCommand {
  static override summary = "Pack a model's encoder into the local store, to start other models from it.";
  static override description = 'Builds a reproducible pack (manifest.json, encoder.weights, README.md model card) with the architecture fingerprint and the lineage from the model (sessions, face sets, iterations, final loss), and adds it to the local pack store (`faceforge doctor` shows where).';
  static override examples = ['<%= config.bin %> encoder pack -m models/alice_bob --name faces-general --version 1.0.0 --license CC-BY-4.0 --keyword general'];
  static override flags = {
    'model-dir': folderFlag({ char: 'm', required: true, exists: true, description: 'Model folder whose encoder to pack.' }),
    name: Flags.string({ required: true, description: 'Pack name: lower-case letters, digits, ".", "_", "-".' }),
    version: Flags.string({ required: true, description: 'Semver version, e.g. 1.0.0.' }),
    ...packMetadataFlags,
  };

  async run(): Promise<void> {
    const { flags } = await this.parse(EncoderPack);
    const state = await readState(flags['model-dir']);
    const forge = await this.forge();
    const result = await packEncoder({
      modelDir: flags['model-dir'], name: flags.name, version: flags.version, license: flags.license, keywords: flags.keyword,
      description: flags.description, pluginVersion: state ? modelPluginVersion(forge, state.model) : undefined,
      store: packStore(), output: flags.output, log: this.logger,
    });
    for (const line of packDetails(result)) this.log(line);
    for (const path of result.paths) this.log(`wrote ${path}`);
  }
}
