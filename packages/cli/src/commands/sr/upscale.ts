import { Flags } from '@oclif/core';
import { mkdir, stat } from 'node:fs/promises';
import { basename, extname, join } from 'node:path';
import { DataError, writeFileAtomic } from '@faceforge/core';
import { encodePng, listSrImages, loadGenerator, readRgb, superResolve, type CheckpointChoice } from '@faceforge/plugin-srgan';
import { BaseCommand, computeFlags } from '../../base-command.js';

export default class SrUpscale extends BaseCommand {
  static override summary = 'Upscale an image, or every image of a folder, x4 with an SR model.';
  static override description = 'Writes PNGs: -o is the output file for one image, or a folder (created) for a folder of images, each named like its source.';
  static override examples = ['<%= config.bin %> sr upscale -i face.png -m sr/faces -o face_x4.png', '<%= config.bin %> sr upscale -i faces/small -m sr/faces -o faces/x4'];
  static override flags = {
    ...computeFlags,
    input: Flags.string({ char: 'i', required: true, description: 'An image file or a folder of images.' }),
    model: Flags.directory({ char: 'm', required: true, exists: true, description: 'SR model folder.' }),
    output: Flags.string({ char: 'o', required: true, description: 'Output PNG (one image) or folder (a folder of images).' }),
    checkpoint: Flags.string({ options: ['best', 'latest'], default: 'best', description: 'Which generator of the model folder.' }),
  };

  async run(): Promise<void> {
    const { flags } = await this.parse(SrUpscale);
    await this.useBackend(flags);
    const info = await stat(flags.input).catch(() => undefined);
    if (!info) throw new DataError(`${flags.input}: no such file or folder`);
    const jobs = info.isDirectory()
      ? (await listSrImages(flags.input)).map(({ hrFile }) => ({ from: hrFile, to: join(flags.output, `${basename(hrFile, extname(hrFile))}.png`) }))
      : [{ from: flags.input, to: flags.output }];
    if (info.isDirectory()) await mkdir(flags.output, { recursive: true });
    const { generator, file } = await loadGenerator(flags.model, flags.checkpoint as CheckpointChoice);
    this.log(`generator ${file}`);
    try {
      for (const job of jobs) {
        const lr = await readRgb(job.from).catch((error: Error) => {
          throw new DataError(`${job.from}: cannot be read as an image (${error.message})`);
        });
        const sr = superResolve(generator, lr);
        await writeFileAtomic(job.to, await encodePng(sr));
        this.log(`${job.from} (${lr.width}×${lr.height}) → ${job.to} (${sr.width}×${sr.height})`);
      }
    } finally {
      generator.dispose();
    }
  }
}
