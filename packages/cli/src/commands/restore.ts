import { Flags } from '@oclif/core';
import { modelRestorePoints, restoreBackup } from '@faceforge/core/train';
import { folderFlag } from '../path-flags.js';
import { BaseCommand } from '../base-command.js';

export default class Restore extends BaseCommand {
  static override summary = 'Roll a model back to a restore point: by default the backup saved at the lowest loss.';
  static override description =
    'Each restore point is a whole, consistent model (state, every part, the optimizer) at one iteration: the lowest-loss backup the trainer ' +
    'writes, and one made before every decoder import/swap and model reset. The files it replaces are first copied into archived_<date>_<time>/.';
  static override examples = [
    '<%= config.bin %> restore -m models/alice_bob',
    '<%= config.bin %> restore -m models/alice_bob --list',
    '<%= config.bin %> restore -m models/alice_bob --to 0001200_before-decoder-swap-of-decoder-b_20261206_161500',
  ];
  static override flags = {
    'model-dir': folderFlag({ char: 'm', required: true, exists: true, description: 'Model folder.' }),
    list: Flags.boolean({ default: false, description: 'List the restore points and change nothing.' }),
    to: Flags.string({ description: 'The restore point to go back to: its id (see --list) or an iteration. Default: lowest-loss.' }),
  };

  async run(): Promise<void> {
    const { flags } = await this.parse(Restore);
    if (flags.list) {
      const points = await modelRestorePoints(flags['model-dir']);
      if (points.length === 0) this.log(`${flags['model-dir']} has no restore point yet`);
      for (const p of points) this.log(`${p.id.padEnd(60)} iteration ${String(p.iteration).padStart(8)}  ${p.date.slice(0, 19).replace('T', ' ')}  ${p.reason}`);
      return;
    }
    const result = await restoreBackup(flags['model-dir'], this.logger, flags.to);
    this.log(`restored ${result.point}: ${result.restored.join(', ')} (iteration ${result.iterations}); the replaced files are in ${result.archive}`);
  }
}
