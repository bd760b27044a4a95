import { BaseCommand } from '../../base-command.js';
import { packLine, packStore } from '../../pack-support.js';

export default class DecoderList extends BaseCommand {
  static override summary = 'List the decoder packs in the local store.';

  async run(): Promise<void> {
    await this.parse(DecoderList);
    const store = packStore();
    const packs = await store.list('decoder');
    if (packs.length === 0) this.log(`no decoder packs in ${store.root} (make one with \`faceforge decoder export\`)`);
    for (const pack of packs) this.log(`${packLine(pack)}  encoder ${pack.manifest.encoderFingerprint}`);
  }
}
