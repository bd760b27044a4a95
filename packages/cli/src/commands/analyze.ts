import { Flags } from '@oclif/core';
import { join } from 'node:path';
import { writeFileAtomic } from '@faceforge/core';
import { formatSessionTable, renderLossGraph } from '@faceforge/core/monitor';
import { formatValidationSummary, readState } from '@faceforge/core/train';
import { folderFlag } from '../path-flags.js';
import { BaseCommand } from '../base-command.js';

export default class Analyze extends BaseCommand {
  static override summary = "Print a model's training sessions and draw its loss graph.";
  static override flags = {
    'model-dir': folderFlag({ char: 'm', required: true, exists: true, description: 'Model folder.' }),
    output: Flags.file({ char: 'o', description: 'Loss graph PNG to write. Default: <model>/loss_graph.png' }),
    'log-scale': Flags.boolean({ default: false, description: 'Logarithmic loss axis.' }),
  };

  async run(): Promise<void> {
    const { flags } = await this.parse(Analyze);
    const state = await readState(flags['model-dir']);
    if (!state) this.error(`${flags['model-dir']} holds no faceforge model (no state.json)`, { exit: 1 });
    this.log(`${state.model} model, ${state.iterations} iterations, created ${state.created}`);
    this.log(formatSessionTable(state.sessions));
    for (const line of formatValidationSummary(state)) this.log(line);
    let start = 0;
    const sessionStarts = state.sessions.map((s) => {
      const at = start;
      start += s.iterations;
      return at;
    }).slice(1);
    const png = await renderLossGraph(state.lossHistory, { sessions: sessionStarts, logScale: flags['log-scale'], title: `${state.model}: loss per iteration`, validation: state.validation });
    const output = flags.output ?? join(flags['model-dir'], 'loss_graph.png');
    await writeFileAtomic(output, png);
    this.log(`loss graph: ${output}`);
  }
}
