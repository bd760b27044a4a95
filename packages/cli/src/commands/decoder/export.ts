import { Flags } from '@oclif/core';
import { exportDecoder, modelPluginVersion } from '@faceforge/core/packs';
import { readState } from '@faceforge/core/train';
import { folderFlag } from '../../path-flags.js';
import { BaseCommand } from '../../base-command.js';
import { packDetails, packMetadataFlags, packStore } from '../../pack-support.js';

export default class DecoderExport extends BaseCommand {
  static override summary = "Export one of a model's decoders as a decoder pack.";
  static override description = 'The pack records the fingerprint of the encoder the decoder was trained with: it can be imported only into models with that encoder.';
  static override examples = ['<%= config.bin %> decoder export -m models/alice_carol --side b --name carol --version 1.0.0'];
  static override flags = {
    'model-dir': folderFlag({ char: 'm', required: true, exists: true, description: 'Model folder.' }),
    side: Flags.string({ required: true, options: ['a', 'b'], description: 'Which decoder: a or b.' }),
    name: Flags.string({ description: 'Pack name. Default: <model folder>-<side>.' }),
    version: Flags.string({ description: 'Semver version. Default: 1.0.0.' }),
    ...packMetadataFlags,
  };

  async run(): Promise<void> {
    const { flags } = await this.parse(DecoderExport);
    const state = await readState(flags['model-dir']);
    const forge = await this.forge();
    const result = await exportDecoder({
      modelDir: flags['model-dir'], side: flags.side as 'a' | 'b', name: flags.name, version: flags.version, license: flags.license,
      keywords: flags.keyword, description: flags.description, pluginVersion: state ? modelPluginVersion(forge, state.model) : undefined,
      store: packStore(), output: flags.output,
    });
    for (const line of packDetails(result)) this.log(line);
    for (const path of result.paths) this.log(`wrote ${path}`);
  }
}
