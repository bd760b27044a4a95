import { Flags } from '@oclif/core';
import { resolve } from 'node:path';
import { DataError } from '@faceforge/core';
import { makeSwapPairs, SWAP_PAIRS_CENTRE, SWAP_PAIRS_HR_DIR, SWAP_PAIRS_LR_DIR } from '@faceforge/plugin-srgan';
import { BaseCommand, computeFlags } from '../../base-command.js';
import { createTaskProgress } from '../../task-progress.js';

export default class SrPairs extends BaseCommand {
  static override summary = 'Make SR training pairs from a face-swap model\'s own output: its decoder\'s face (LR) and the real face (HR), for convert\'s upscaler.';
  static override description =
    'For each face of -i, framed exactly as convert frames it for the model: LR = the decoder\'s output for it (--side: the side whose faces these are, so it is a reconstruction), ' +
    'HR = the same square of the face at 4x the decoder\'s size. Written in DIV2K\'s layout (' + SWAP_PAIRS_HR_DIR + '/NAME.png, ' + SWAP_PAIRS_LR_DIR + '/NAMEx4.png), which `sr train -i` reads. ' +
    'An SR model trained on them learns what that decoder loses, the input `convert --upscaler srgan` gives it. A face whose model square is under the HR size gets an enlarged (bicubic) HR face.';
  static override examples = [
    '<%= config.bin %> sr pairs -i faces/alice -m models/alice_bob --side a -o sr/alice-pairs',
    '<%= config.bin %> sr train -i sr/alice-pairs -m sr/alice-decoder --preset cpu-skip --minutes 30',
  ];

  static override flags = {
    ...computeFlags,
    input: Flags.directory({ char: 'i', required: true, exists: true, description: 'Folder of faces from faceforge extract (of the person of --side).' }),
    model: Flags.directory({ char: 'm', required: true, exists: true, description: 'The trained face-swap model folder.' }),
    side: Flags.string({ options: ['a', 'b'], default: 'b', description: 'Which decoder makes the LR faces: b for the faces convert pastes by default (A→B: give B\'s faces), a for --swap-model.' }),
    output: Flags.string({ char: 'o', required: true, description: 'Output folder for the pairs (created).' }),
    centre: Flags.string({ default: String(SWAP_PAIRS_CENTRE), description: 'The central fraction of each face square kept (1: all of it): convert pastes only the masked face, and an SR model trained on whole squares spends itself on the background.' }),
    'batch-size': Flags.integer({ char: 'b', min: 1, default: 8, description: 'Faces through the decoder at once.' }),
  };

  async run(): Promise<void> {
    const { flags } = await this.parse(SrPairs);
    await this.useBackend(flags);
    const centre = Number(flags.centre);
    if (!(centre > 0 && centre <= 1)) throw new DataError(`--centre ${flags.centre}: a fraction of the face square in (0, 1]`);
    const forge = await this.forge();
    let progress: ReturnType<typeof createTaskProgress> | undefined;
    try {
      const result = await makeSwapPairs({
        forge, faces: flags.input, swapModel: flags.model, side: flags.side as 'a' | 'b', output: flags.output, centre, batchSize: flags['batch-size'],
        onProgress: (done, total) => {
          progress ??= createTaskProgress({ total, unit: 'faces' });
          progress.update(done, '');
        },
      });
      progress?.stop();
      if (result.upsampled.length > 0) this.logToStderr(`${result.upsampled.length} face(s) have a model square under ${result.hrSize} px (e.g. ${result.upsampled[0]}): their HR faces are enlarged (extract faces larger for sharper targets)`);
      this.log(`${result.written} pairs: decoder ${flags.side}'s faces (${result.inputSize} px in, ${result.outputSize} px out), their central ${result.lrSize} px → the real faces' at ${result.hrSize} px`);
      this.log(`pairs: ${resolve(flags.output)} (train with: faceforge sr train -i ${flags.output} -m SRMODEL --preset cpu-skip)`);
    } finally {
      progress?.stop();
    }
  }
}
