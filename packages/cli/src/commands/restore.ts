import { Flags } from '@oclif/core';
import { restoreBackup } from '@faceforge/core/train';
import { folderFlag } from '../path-flags.js';
import { BaseCommand } from '../base-command.js';

export default class Restore extends BaseCommand {
  static override summary = 'Roll a model back to its last backup (saved when the loss reached a new low).';
  static override flags = { 'model-dir': folderFlag({ char: 'm', required: true, exists: true, description: 'Model folder.' }) };

  async run(): Promise<void> {
    const { flags } = await this.parse(Restore);
    const result = await restoreBackup(flags['model-dir'], this.logger);
    this.log(`restored ${result.restored.join(', ')} (iteration ${result.iterations}); the replaced files are in ${result.archive}`);
  }
}
