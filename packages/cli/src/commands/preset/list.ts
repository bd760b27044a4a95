import { listPresets } from '@faceforge/core/config';
import { BaseCommand } from '../../base-command.js';
import { presetsDir } from '../../forge-loader.js';

export default class PresetList extends BaseCommand {
  static override summary = 'List presets shipped by plugins and saved by you.';

  async run(): Promise<void> {
    await this.parse(PresetList);
    const forge = await this.forge();
    const presets = await listPresets(forge, presetsDir());
    if (presets.length === 0) this.log('no presets');
    for (const p of presets) this.log(`${`${p.section}:${p.name}`.padEnd(36)} ${p.description}  (${p.source})`);
  }
}
