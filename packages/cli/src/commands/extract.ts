import { Flags } from '@oclif/core';
import { resolve } from 'node:path';
import { ExtractError } from '@faceforge/core';
import { DEFAULT_FACE_SIZE, DEFAULT_IDENTITY_THRESHOLD, DETECTORS, extractFaces, parseFrameRanges, storedLandmarkMasks, type DetectorName } from '@faceforge/core/extract';
import { BaseCommand, computeFlags } from '../base-command.js';
import { createExtractProgress } from '../extract-progress.js';
import { trackingFlags, trackingFrom } from '../tracking-flags.js';
import { positiveNumber } from '../number-flags.js';

/** One range of frame numbers (from 1, both ends included, as convert -R), as the 0-based [start, end) the frame source takes. */
const frameRange = Flags.custom<[number, number]>({
  parse: async (input) => {
    const ranges = parseFrameRanges(input, '--frames', ExtractError);
    if (ranges.length !== 1) throw new ExtractError(`--frames: give one range START-END, got '${input}'`);
    return [ranges[0]!.start, ranges[0]!.end + 1];
  },
});

export default class Extract extends BaseCommand {
  static override summary = 'Find, align and save the faces in a video or a folder of images.';
  static override description =
    'Writes one aligned, head-centred PNG per face (<video>_<frame>_<face>.png, the first frame being 000001 as in convert\'s output; ' +
    '<image>_<face>.png for images) with its landmarks, ' +
    'pose, identity descriptor and landmark masks embedded, and records every face in FACES_DIR/alignments/<source>.json. ' +
    'Run the same command again after an interruption: frames already done are skipped.';
  static override examples = [
    '<%= config.bin %> extract -i interview.mp4 -o faces/alice --every-n 5',
    '<%= config.bin %> extract -i photos/ -o faces/alice --identity alice.jpg',
  ];

  static override flags = {
    ...computeFlags,
    input: Flags.string({ char: 'i', required: true, description: 'A video, a folder of images, or one image.' }),
    output: Flags.directory({ char: 'o', required: true, description: 'Folder for the faces (created).' }),
    'every-n': Flags.integer({ char: 'n', min: 1, exclusive: ['fps'], description: 'Use every n-th frame (or image).' }),
    fps: positiveNumber({ exclusive: ['every-n'], description: 'Use about this many frames per second of video.' }),
    frames: frameRange({ description: 'Only frames START-END: frame numbers from 1 with both ends included, as convert -R (START- runs to the end; for an image folder, positions in name order).' }),
    detector: Flags.string({ options: [...DETECTORS], default: 'ssd', description: 'ssd: SSD MobileNet v1 (finds small faces); tiny: Tiny Face Detector (about 3x faster).' }),
    'min-size': Flags.integer({ default: 0, min: 0, description: 'Ignore faces smaller than this many pixels (shorter side of the box).' }),
    size: Flags.integer({ char: 'z', default: DEFAULT_FACE_SIZE, min: 64, max: 2048, description: 'Side of the aligned faces in pixels.' }),
    identity: Flags.string({ multiple: true, delimiter: ',', description: 'Reference photo(s) of the one person to keep (A.jpg,B.jpg): other faces are not saved.' }),
    threshold: positiveNumber({ default: DEFAULT_IDENTITY_THRESHOLD, description: 'Largest descriptor distance to a reference that counts as the same person.' }),
    ...trackingFlags(),
  };

  async run(): Promise<void> {
    const { flags } = await this.parse(Extract);
    // face-api moves from native/cpu to wasm on its own (see core's face-detector.ts) and says so.
    await this.useBackend(flags);
    // the landmark masks stored in every face are drawn by the mask plugins (@faceforge/plugin-masks)
    const storedMasks = storedLandmarkMasks((await this.forge()).masks);
    const progress = createExtractProgress();
    const controller = new AbortController();
    let signals = 0;
    const onSignal = (signal: NodeJS.Signals) => {
      if (++signals > 1) process.exit(130);
      progress.log(`${signal}: stopping after this frame (run the same command again to resume)`);
      controller.abort();
    };
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
    try {
      const summary = await extractFaces({
        input: flags.input, output: flags.output, everyN: flags['every-n'], fps: flags.fps, range: flags.frames,
        detector: flags.detector as DetectorName, minSize: flags['min-size'], size: flags.size,
        identity: flags.identity, threshold: flags.threshold, storedMasks, signal: controller.signal,
        tracking: trackingFrom(flags),
        log: { info: (m) => progress.log(m), warn: (m) => progress.log(`warning: ${m}`) },
        onProgress: (p) => progress.update(p),
      });
      progress.stop();
      const rate = summary.seconds > 0 ? summary.facesWritten / summary.seconds : 0;
      this.log(`${summary.interrupted ? 'interrupted' : 'done'}: ${summary.source}`);
      this.log(`  frames:              ${summary.frames}${summary.resumed ? ` (${summary.resumed} done earlier, skipped)` : ''}`);
      this.log(`  faces written:       ${summary.facesWritten} to ${resolve(flags.output)} (${rate.toFixed(2)} faces/s)`);
      if (flags.identity?.length) this.log(`  other people:        ${summary.facesFiltered} face(s) not saved`);
      if (flags['detect-every'] > 1) this.log(`  detector ran on:     ${summary.detections.detected} frame(s), ${summary.detections.redetected} of them because a followed face was lost`);
      this.log(`  frames without face: ${summary.framesWithoutFace.length}`);
      this.log(`  errors:              ${summary.errors.length}`);
      for (const error of summary.errors) this.log(`    ${error}`);
      this.log(`  alignments:          ${summary.alignments}`);
      if (summary.interrupted) this.log('run the same command again to resume');
      else if (summary.frames > 0 && summary.facesWritten === 0 && summary.errors.length === summary.frames) throw new ExtractError(`${summary.source}: no frame could be read`);
    } finally {
      progress.stop();
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
    }
  }
}
