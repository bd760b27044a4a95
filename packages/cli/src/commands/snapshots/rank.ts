import { rankSnapshots } from '@faceforge/core/train';
import { basename } from 'node:path';
import { folderFlag } from '../../path-flags.js';
import { BaseCommand } from '../../base-command.js';
import { formatRankTable } from '../../snapshot-table.js';

export default class SnapshotsRank extends BaseCommand {
  static override summary = "List a model's snapshots, best identity score first.";
  static override description =
    "The score is the validation pass of the snapshot's iteration (train with --validate-every): how far the swapped held-out faces have moved " +
    "toward the other person, by face-api's descriptor distance to each person's mean. Snapshots taken while validation was off are listed last.";
  static override examples = ['<%= config.bin %> snapshots rank -m models/alice_bob'];
  static override flags = {
    'model-dir': folderFlag({ char: 'm', required: true, exists: true, description: 'Model folder (its snapshots are the <model>_snapshot_<N>_iters beside it).' }),
  };

  async run(): Promise<void> {
    const { flags } = await this.parse(SnapshotsRank);
    const ranked = await rankSnapshots(flags['model-dir']);
    if (ranked.length === 0) {
      this.log(`${basename(flags['model-dir'])} has no snapshots (train with --snapshot-interval)`);
      return;
    }
    this.log(formatRankTable(ranked));
  }
}
