import { Flags } from '@oclif/core';
import { stopWhenDashboardGone } from '@faceforge/dashboard/parent-gone';
import { ConvertError, tf, type Forge } from '@faceforge/core';
import { applyPreset, defaultValues, findPreset, readIniFile, type ConfigValues } from '@faceforge/core/config';
import { convert, parseFrameRanges, DetectingLocator, type FaceLocator } from '@faceforge/core/convert';
import { DEFAULT_IDENTITY_THRESHOLD, DETECTORS, IdentityFilter, createFaceDetector, loadIdentityReferences, type DetectorName } from '@faceforge/core/extract';
import { folderFlag, pathFlag } from '../path-flags.js';
import { BaseCommand, computeFlags } from '../base-command.js';
import { loadForge, presetsDir } from '../forge-loader.js';
import { createConvertProgress } from '../convert-progress.js';
import { trackingFlags, trackingFrom } from '../tracking-flags.js';

export default class Convert extends BaseCommand {
  static override summary = 'Swap faces in a video or photos with a trained model.';
  static override description =
    'Finds the faces (from the alignments file of `faceforge extract`, or by detecting them on the fly), runs them through the ' +
    "model's encoder and the other side's decoder, matches their colour, and blends them back through the inverse alignment. " +
    "A video keeps its frame rate and audio. Frames without a face are written unchanged; a frame that fails is reported and written unchanged.";

  static override examples = [
    '<%= config.bin %> convert -i clip.mp4 -m models/alice_bob -o out/clip_swapped.mp4',
    '<%= config.bin %> convert -i clip.mp4 -m models/alice_bob -o out/frames --writer png -a faces/alice/alignments/clip.json',
    '<%= config.bin %> convert -i photos/ -m models/alice_bob -o swapped/ -M components --color-adjustment match-hist',
  ];

  static override flags = {
    ...computeFlags,
    input: pathFlag({ char: 'i', required: true, description: 'A video, a folder of images or one image.' }),
    'model-dir': folderFlag({ char: 'm', required: true, exists: true, description: 'The trained model folder.' }),
    output: pathFlag({ char: 'o', required: true, description: 'Output: a folder (frames, or a video named <input>_converted.<ext>) or a file with the writer\'s extension.' }),
    writer: Flags.string({ char: 'w', description: 'mp4, png, jpeg, gif or a writer plugin. Default: from the output\'s extension, else mp4 for a video and png for images.' }),
    'swap-model': Flags.boolean({ char: 's', default: false, description: 'Swap B to A instead of A to B.' }),
    'mask-type': Flags.string({ char: 'M', default: 'extended', description: 'extended, components, predicted (the model\'s learned mask), none, a mask stored with the faces, or any mask plugin.' }),
    'color-adjustment': Flags.string({ default: 'avg-color', description: 'avg-color, match-hist, color-transfer, seamless, none, or a colour plugin.' }),
    'batch-size': Flags.integer({ char: 'b', default: 16, min: 1, max: 256, description: 'Faces per forward pass.' }),
    'frame-ranges': Flags.string({ char: 'R', description: 'Only these frames: frame numbers from 1 with both ends included, as extract --frames and the output names (<video>_000001.png is frame 1), e.g. 10-50,80-90 (120- runs to the end).' }),
    'keep-unchanged': Flags.boolean({ char: 'k', default: false, description: 'Write the frames outside --frame-ranges unchanged instead of dropping them.' }),
    'skip-existing': Flags.boolean({ default: false, description: 'Leave frames whose output file exists alone (resume an interrupted run).' }),
    alignments: Flags.file({ char: 'a', exists: true, description: 'The alignments file `faceforge extract` wrote for this input (<faces>/alignments/<input name>.json). Default: detect faces on the fly.' }),
    detector: Flags.string({ options: [...DETECTORS], default: 'ssd', description: 'On-the-fly detection: ssd (accurate) or tiny (faster).' }),
    'min-size': Flags.integer({ default: 0, min: 0, description: 'On-the-fly detection: ignore faces smaller than this many pixels.' }),
    ...trackingFlags('On-the-fly detection'),
    identity: Flags.string({ multiple: true, delimiter: ',', description: 'Reference photo(s) of the one person to swap (A.jpg,B.jpg); other faces are left alone.' }),
    threshold: Flags.string({ default: String(DEFAULT_IDENTITY_THRESHOLD), description: 'Largest face-descriptor distance to an --identity photo that still counts as that person.' }),
    upscaler: Flags.string({ description: 'Upscaler plugin that raises the swapped face\'s resolution before blending.' }),
    config: Flags.file({ char: 'c', exists: true, description: 'An ini with [convert.*] sections (see `faceforge config init --convert`). Default: the built-in defaults.' }),
    preset: Flags.string({ multiple: true, description: 'Preset(s) to apply on top of the config, NAME or SECTION:NAME.' }),
  };

  private async convertConfig(forge: Forge, configFile: string | undefined, presets: string[] | undefined): Promise<ConfigValues> {
    // An ini may hold every installed plugin's section: validate against all, convert reads its own.
    let values = configFile ? await readIniFile(configFile, forge.sections()) : defaultValues(forge.convertSections());
    for (const spec of presets ?? []) values = applyPreset(forge, values, await findPreset(forge, spec, presetsDir()));
    return values;
  }

  async run(): Promise<void> {
    const { flags } = await this.parse(Convert);
    const backend = await this.useBackend(flags);
    const progress = createConvertProgress();
    const log = { info: (m: string) => progress.log(m), warn: (m: string) => progress.log(`warning: ${m}`) };
    const forge = await loadForge(log);
    const config = await this.convertConfig(forge, flags.config, flags.preset);
    const threshold = Number(flags.threshold);
    if (!(threshold > 0)) this.error(`--threshold must be a number above 0, got ${flags.threshold}`, { exit: 1 });

    // --identity needs a detector for the reference photos; on-the-fly detection reuses it.
    const needsDetector = !flags.alignments || flags.identity;
    const detector = needsDetector ? await createFaceDetector({ detector: flags.detector as DetectorName, minSize: flags['min-size'], log }) : undefined;
    const controller = new AbortController();
    const onSignal = (signal: NodeJS.Signals | 'dashboard gone') => {
      if (controller.signal.aborted) process.exit(130);
      this.logToStderr(`\n${signal}: finishing the frames in progress (press again to quit at once)`);
      controller.abort();
    };
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
    stopWhenDashboardGone(() => onSignal('dashboard gone'));
    try {
      const identity = flags.identity?.length ? new IdentityFilter(await loadIdentityReferences(flags.identity, detector!, log), threshold) : undefined;
      // face-api may have moved to wasm; the model runs on the backend chosen above (detection switches per frame).
      if (tf.getBackend() !== backend) await tf.setBackend(backend);
      const locator: FaceLocator | undefined = flags.alignments ? undefined : await DetectingLocator.create({}, detector, { tracking: trackingFrom(flags) });
      const result = await convert(forge, {
        input: flags.input, modelDir: flags['model-dir'], output: flags.output, writer: flags.writer,
        swapModel: flags['swap-model'], maskType: flags['mask-type'], colourAdjustment: flags['color-adjustment'], batchSize: flags['batch-size'],
        frameRanges: flags['frame-ranges'] ? parseFrameRanges(flags['frame-ranges'], '--frame-ranges', ConvertError) : undefined,
        keepUnchanged: flags['keep-unchanged'], skipExisting: flags['skip-existing'], alignments: flags.alignments, locator,
        identity, upscaler: flags.upscaler, config, signal: controller.signal,
        onFrame: (p) => progress.update(p),
      });
      progress.stop();
      const failed = result.failed.length ? `; ${result.failed.length} frame(s) failed and were written unchanged` : '';
      const skipped = result.skipped ? `, ${result.skipped} skipped (already there)` : '';
      this.log(`${result.stoppedBy === 'signal' ? 'stopped: ' : ''}${result.written} frames written${skipped}, ${result.faces} faces swapped in ${result.seconds.toFixed(1)} s (${result.framesPerSecond.toFixed(2)} frames/s)${failed}`);
      if (result.identity) {
        const id = result.identity;
        const target = flags['swap-model'] ? 'A' : 'B';
        const nearer = flags['swap-model'] ? 1 - id.nearerB : id.nearerB;
        this.log(`identity (face-api, ${id.sampled} of ${result.faces} swapped faces sampled, ${(id.share * 100).toFixed(1)}% of the time): ` +
          `distance to A ${id.toA.toFixed(3)}, to B ${id.toB.toFixed(3)}; nearer ${target} than the other for ${Math.round(nearer * 100)}%`);
      }
      this.log(`output: ${result.output}`);
    } finally {
      progress.stop();
      await detector?.close();
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
    }
  }
}
