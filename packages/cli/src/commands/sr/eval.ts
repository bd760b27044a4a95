import { Flags } from '@oclif/core';
import { bicubicUpscale, loadGenerator, loadSrPairs, scoreUpscaler, superResolve, type CheckpointChoice, type SrScore } from '@faceforge/plugin-srgan';
import { BaseCommand, computeFlags } from '../../base-command.js';

const line = (name: string, s: SrScore) => `${name.padEnd(8)} PSNR ${s.psnr.toFixed(2)} dB  SSIM ${s.ssim.toFixed(4)}  ${s.imagesPerSecond.toFixed(1)} images/s`;

export default class SrEval extends BaseCommand {
  static override summary = 'Score an SR model on held-out images: PSNR and SSIM on Y (4 px border cut), next to bicubic.';
  static override description = 'Each image of --input is the HR truth; its LR is its bicubic x4 reduction (or DIV2K\'s LR file). Scores are means over the images, as SR papers report them.';
  static override examples = ['<%= config.bin %> sr eval -i faces/heldout -m sr/faces'];
  static override flags = {
    ...computeFlags,
    input: Flags.directory({ char: 'i', required: true, exists: true, description: 'Folder of held-out HR images (or DIV2K\'s layout).' }),
    model: Flags.directory({ char: 'm', required: true, exists: true, description: 'SR model folder.' }),
    checkpoint: Flags.string({ options: ['best', 'latest'], default: 'best', description: 'best: highest validation PSNR of the last stage trained; latest: the last saved.' }),
  };

  async run(): Promise<void> {
    const { flags } = await this.parse(SrEval);
    await this.useBackend(flags);
    const pairs = await loadSrPairs(flags.input, { minSize: 12 * 4 });
    const { generator, file, meta } = await loadGenerator(flags.model, flags.checkpoint as CheckpointChoice);
    this.log(`${pairs.length} images; generator ${file} (${meta.stage} step ${meta.step})`);
    try {
      superResolve(generator, pairs[0]!.lr); // warm-up: kernel set-up is not counted
      this.log(line('bicubic', await scoreUpscaler(pairs, bicubicUpscale)));
      this.log(line('srgan', await scoreUpscaler(pairs, (lr) => superResolve(generator, lr))));
    } finally {
      generator.dispose();
    }
  }
}
