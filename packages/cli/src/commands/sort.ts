import { Flags } from '@oclif/core';
import { basename } from 'node:path';
import { SORT_METHODS, readFolderFacts, recoverRenames, renameInOrder, sortFaces, sortKeyName, type SortMethod } from '@faceforge/core/curate';
import { landmarkMaskDrawing } from '@faceforge/core/masks';
import { BaseCommand } from '../base-command.js';

export default class Sort extends BaseCommand {
  static override summary = 'Order extracted faces by identity, similarity, yaw, blur or size: list them, or rename them in order.';
  static override description =
    'identity: most typical of the set first; similarity: look-alikes next to each other; yaw: turned left to turned right; blur: sharpest first; size: largest in the source first. ' +
    '--rename prefixes every file with its place (0001_name.png), keeping all files; a prefix from an earlier sort is replaced.';
  static override examples = ['<%= config.bin %> sort -i faces/alice --by blur', '<%= config.bin %> sort -i faces/alice --by identity --rename'];

  static override flags = {
    input: Flags.directory({ char: 'i', required: true, exists: true, description: 'Folder of extracted faces.' }),
    by: Flags.string({ char: 's', options: [...SORT_METHODS], default: 'identity', description: 'What to sort by.' }),
    rename: Flags.boolean({ default: false, exclusive: ['list'], description: 'Rename the files into the order.' }),
    list: Flags.boolean({ default: false, description: 'Print the order (the default).' }),
  };

  async run(): Promise<void> {
    const { flags } = await this.parse(Sort);
    const method = flags.by as SortMethod;
    if (await recoverRenames(flags.input)) this.log(`finished an interrupted rename in ${flags.input}`);
    const forge = await this.forge();
    // sharpness is measured inside the face: the landmark mask plugin's components region
    const region = landmarkMaskDrawing(forge.masks, 'components');
    if (!region) this.logToStderr("warning: no mask plugin draws the 'components' mask (install @faceforge/plugin-masks): sharpness is measured over the whole image");
    const { faces, failed } = await readFolderFacts(flags.input, { region });
    for (const failure of failed) this.logToStderr(`warning: skipped ${failure.message}`);
    const sorted = sortFaces(faces, method);
    const missing = sorted.filter((s) => s.key === undefined).length;
    if (missing > 0) this.logToStderr(`warning: ${missing} face(s) have no ${method === 'yaw' ? 'pose' : method === 'size' ? 'source box' : 'descriptor'} and go last (extract them with \`faceforge extract\`)`);
    if (flags.rename) {
      const renames = await renameInOrder(sorted.map((s) => s.face.path));
      this.log(`sorted ${sorted.length} faces by ${method}: ${renames.length} renamed in ${flags.input}`);
      return;
    }
    const width = String(sorted.length).length;
    this.log(`${'#'.padStart(width)}  ${sortKeyName(method).padStart(10)}  file`);
    sorted.forEach((s, i) => this.log(`${String(i + 1).padStart(width)}  ${(s.key === undefined ? '-' : formatKey(s.key)).padStart(10)}  ${basename(s.face.path)}`));
  }
}

function formatKey(value: number): string {
  return Math.abs(value) >= 100 ? value.toFixed(0) : value.toFixed(3);
}
