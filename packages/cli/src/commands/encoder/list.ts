import { BaseCommand } from '../../base-command.js';
import { packLine, packStore } from '../../pack-support.js';

export default class EncoderList extends BaseCommand {
  static override summary = 'List the encoder packs in the local store.';

  async run(): Promise<void> {
    await this.parse(EncoderList);
    const store = packStore();
    const packs = await store.list('encoder');
    if (packs.length === 0) this.log(`no encoder packs in ${store.root} (make one with \`faceforge encoder pack\`)`);
    for (const pack of packs) this.log(packLine(pack));
  }
}
