import { Flags } from '@oclif/core';
import { writeFileAtomic } from '@faceforge/core';
import { fuseModels, rankSnapshots, readState, validateModelDir, STATE_FILE } from '@faceforge/core/train';
import { join } from 'node:path';
import { folderFlag } from '../../path-flags.js';
import { BaseCommand, computeFlags } from '../../base-command.js';
import { loadForge } from '../../forge-loader.js';
import { formatRankTable } from '../../snapshot-table.js';

export default class SnapshotsFuse extends BaseCommand {
  static override summary = "Average the weights of a model's K best snapshots into a new model, and validate it.";
  static override description =
    "EasyPhoto's checkpoint fusion: the K snapshots with the best identity score (see `snapshots rank`) are averaged weight by weight into a new " +
    'model folder (no optimizer state: it resumes with a fresh one). The fused model is then validated on the same held-out faces, and its figures ' +
    'are printed under those of the best single snapshot and stored in its state.json.';
  static override examples = ['<%= config.bin %> snapshots fuse -m models/alice_bob --top 3 -o models/alice_bob_fused'];
  static override flags = {
    ...computeFlags,
    'model-dir': folderFlag({ char: 'm', required: true, exists: true, description: 'Model folder whose snapshots to fuse.' }),
    top: Flags.integer({ default: 3, min: 2, description: 'How many of the best snapshots to average.' }),
    output: folderFlag({ char: 'o', required: true, description: 'New model folder for the fused model.' }),
  };

  async run(): Promise<void> {
    const { flags } = await this.parse(SnapshotsFuse);
    await this.useBackend(flags);
    const scored = (await rankSnapshots(flags['model-dir'])).filter((s) => s.validation);
    if (scored.length < flags.top) {
      this.error(`${flags['model-dir']} has ${scored.length} validated snapshot(s), fewer than --top ${flags.top}: train longer with --validate-every and --snapshot-interval`, { exit: 1 });
    }
    const chosen = scored.slice(0, flags.top);
    this.log(`fusing ${chosen.length} snapshots:`);
    this.log(formatRankTable(chosen));
    const fused = await fuseModels(chosen.map((s) => s.dir), flags.output);
    this.log(`fused ${fused.tensors} weights into ${flags.output}; validating it on the same held-out faces...`);
    const forge = await loadForge(this.logger);
    const record = await validateModelDir(forge, flags.output);
    const state = (await readState(flags.output))!;
    state.validation = [record];
    await writeFileAtomic(join(flags.output, STATE_FILE), JSON.stringify(state, null, 1));
    const best = chosen[0]!;
    this.log(formatRankTable([{ ...best, dir: 'best single' }, { dir: 'fused', iterations: state.iterations, validation: record }], (s) => s.dir === 'fused' ? `fused top ${chosen.length}` : `best: ${best.dir.split('/').at(-1)}`));
    const gain = record.score - best.validation!.score;
    this.log(`fused ${gain >= 0 ? 'beats' : 'does not beat'} the best single snapshot by identity score (${gain >= 0 ? '+' : ''}${gain.toFixed(3)})`);
  }
}
