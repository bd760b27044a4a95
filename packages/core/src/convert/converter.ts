/**
 * `faceforge convert`: read frames, find the faces, swap them in batches, blend them back and
 * write the frames in order (faceswap's scripts/convert.py). Frames are streamed: at most one
 * batch of frames is in memory. A frame that fails anywhere before writing is reported and
 * written unchanged; a writer that fails stops the run, and no output is left half-written.
 */
import { access } from 'node:fs/promises';
import { basename, extname, join } from 'node:path';
import type { Forge } from '../forge.js';
import type { Image } from '../data/image.js';
import type { ConfigValues } from '../config/ini-file.js';
import { ConvertError } from '../util/errors.js';
import type { ConvertRun, FrameWriter, LocatedFace, MediaInfo, OutputFrame, RgbFrame, SourceFrame, WriterDefinition } from './convert-types.js';
import type { UnreadableFrame } from './frame-reader.js';
import { probeMedia } from './media-info.js';
import { readFrames } from './frame-reader.js';
import { frameNumber, inFrameRanges, lastRangedFrame, type FrameRange } from '../media/frame-numbers.js';
import { checkOutputApartFromInput } from './output-apart.js';
import { loadTrainedModel } from './trained-model.js';
import { swapBatch } from './swapper.js';
import { extractFromFrame, modelFaceMatrix } from './face-geometry.js';
import { composeFace } from './compose-face.js';
import { SPECIAL_MASK_TYPES } from './convert-mask.js';
import type { FaceLocator } from './face-locator.js';
import { defaultFaceLocator } from './default-locator.js';
import { AlignmentsLocator } from './alignments-locator.js';
import type { IdentityFilter } from '../extract/identity-filter.js';
import type { DetectorName } from '../extract/face-detector.js';
import { IdentitySample, type ConvertIdentity } from './identity-sample.js';

export interface ConvertOptions {
  /** A video file, a folder of images or one image. */
  input: string;
  /** Trained model folder. */
  modelDir: string;
  /** A folder (frame writers, or video writers that name the file `<input>_converted.<ext>`) or a file name with the writer's extension. */
  output: string;
  /** Writer name; default: from the output's extension, else mp4 for a video and png for images. */
  writer?: string;
  /** Swap B to A (decoder a) instead of A to B. */
  swapModel?: boolean;
  /** predicted, none, a mask stored with the faces or any mask plugin (extended, components...). Default: extended. */
  maskType?: string;
  /** Colour adjustment name. Default: avg-color. */
  colourAdjustment?: string;
  /** Faces per forward pass. Default 16. */
  batchSize?: number;
  frameRanges?: FrameRange[];
  /** Write frames outside --frame-ranges unchanged instead of dropping them. */
  keepUnchanged?: boolean;
  /** Frame writers: leave frames whose output file exists alone (resume). Video writers: do nothing if the video exists. */
  skipExisting?: boolean;
  upscaler?: string;
  /** Swap only the faces of the reference person (extract's IdentityFilter: references and threshold). */
  identity?: IdentityFilter;
  /** The alignments file `faceforge extract` wrote for this input: faces are read from it, not detected. */
  alignments?: string;
  /** Without an alignments file: the face-api detector for on-the-fly detection, and the smallest face kept (px). */
  detector?: DetectorName;
  minSize?: number;
  /** Where the faces are, overriding `alignments` and `detector` (fixed positions, tests, other detectors). */
  locator?: FaceLocator;
  /** Values of the convert sections (ini/presets); default: the schema defaults. */
  config?: ConfigValues;
  signal?: AbortSignal;
  onFrame?: (progress: ConvertProgress) => void;
}

export interface ConvertProgress {
  /** Index of the frame just finished. */
  index: number;
  /** Frames finished (written or skipped) so far, and how many there will be. */
  done: number;
  total: number;
  framesPerSecond: number;
  /** Faces swapped so far. */
  faces: number;
}

export interface ConvertResult {
  /** The output file (video writers) or folder (frame writers). */
  output: string;
  /** Frames written. */
  written: number;
  /** Frames left alone by --skip-existing. */
  skipped: number;
  /** Faces swapped. */
  faces: number;
  /** Frames written unchanged because they failed, with the reason. */
  failed: Array<{ frame: string; message: string }>;
  /** The whole run, model loading included. */
  seconds: number;
  /** Frames (written or skipped) per second of frame work, from the first frame to the last. */
  framesPerSecond: number;
  stoppedBy: 'done' | 'signal';
  /** face-api's measure of a sample of the swapped faces, when the model recorded validation means. */
  identity?: ConvertIdentity;
}

/** The writer: named, implied by the output file's extension, or the default for the input kind. */
export function chooseWriter(forge: Forge, name: string | undefined, output: string, media: MediaInfo): WriterDefinition {
  if (name) return forge.writers.get(name);
  const extension = extname(output).slice(1).toLowerCase();
  const byExtension = forge.writers.values().find((w) => w.output === 'video' && w.extension === extension);
  return byExtension ?? forge.writers.get(media.kind === 'video' ? 'mp4' : 'png');
}

/** Where the writer writes: the folder for frames; for a video, `-o` itself if it has the writer's extension, else a file in it. */
export function resolveOutput(output: string, writer: WriterDefinition, media: MediaInfo): string {
  const extension = extname(output).slice(1).toLowerCase();
  if (writer.output === 'frames') {
    if (['mp4', 'gif', 'mov', 'mkv', 'avi', 'webm'].includes(extension)) {
      throw new ConvertError(`-o ${output} names a video file, but the ${writer.name} writer writes a folder of frames: use --writer mp4 or give a folder`);
    }
    return output;
  }
  if (extension === writer.extension) return output;
  const stem = media.kind === 'video' ? basename(media.path, extname(media.path)) : basename(media.path);
  return join(output, `${stem}_converted.${writer.extension}`);
}

function framesToConvert(media: MediaInfo, ranges: FrameRange[] | undefined, keepUnchanged: boolean): number {
  if (!ranges || keepUnchanged) return media.frameCount;
  let count = 0;
  for (const range of ranges) count += Math.max(0, Math.min(range.end, media.frameCount - 1) - range.start + 1);
  return count;
}

const exists = (path: string) => access(path).then(() => true, () => false);

/** A frame waiting for its batch to be swapped. */
interface PendingFrame {
  source: SourceFrame;
  faces: LocatedFace[];
  /** Model inputs, one per face. */
  inputs: Image[];
  swapped: Array<{ face: Image; mask?: Image } | undefined>;
  error?: Error;
}

export async function convert(forge: Forge, options: ConvertOptions): Promise<ConvertResult> {
  const started = performance.now();
  const { log, hooks } = forge;
  const media = await probeMedia(options.input);
  const writerDefinition = chooseWriter(forge, options.writer, options.output, media);
  const output = resolveOutput(options.output, writerDefinition, media);
  await checkOutputApartFromInput(options.input, output);
  const colourAdjustment = forge.colourAdjustments.get(options.colourAdjustment ?? 'avg-color').name;
  if (options.upscaler) forge.upscalers.get(options.upscaler);
  const maskType = options.maskType ?? 'extended';
  if (!(SPECIAL_MASK_TYPES as readonly string[]).includes(maskType) && !forge.masks.has(maskType)) {
    log.warn(`--mask-type ${maskType}: no mask plugin of that name (${forge.masks.names().join(', ')}), so each face must carry a stored '${maskType}' mask`);
  }
  // Convert plugins read their own sections (api.options()): each convert section is set for this
  // run, one the config leaves out to its schema defaults rather than to a previous run's values.
  const sections = forge.convertSections();
  const given = options.config ?? {};
  forge.configure(Object.fromEntries(sections.map((section) => [section.id, given[section.id] ?? {}])), 'the convert configuration');
  const config: ConfigValues = { ...given, ...Object.fromEntries(sections.map((section) => [section.id, forge.sectionValues(section)])) };
  const batchSize = Math.max(1, Math.floor(options.batchSize ?? 16));
  const ranges = options.frameRanges;
  const keepUnchanged = options.keepUnchanged ?? false;
  const total = framesToConvert(media, ranges, keepUnchanged);
  const result: ConvertResult = { output, written: 0, skipped: 0, faces: 0, failed: [], seconds: 0, framesPerSecond: 0, stoppedBy: 'done' };

  if (options.skipExisting && writerDefinition.output === 'video' && (await exists(output))) {
    log.info(`${output} exists: nothing to do (--skip-existing)`);
    return result;
  }

  const trained = await loadTrainedModel(forge, options.modelDir);
  const { model } = trained;
  if (maskType === 'predicted' && !model.learnMask) {
    trained.dispose();
    throw new ConvertError(`${options.modelDir}: --mask-type predicted needs a model trained with learn_mask = true; this one has no mask output (use extended, components or none)`);
  }
  let locator: FaceLocator;
  try {
    locator = options.locator ?? (await defaultFaceLocator({ alignments: options.alignments, detector: options.detector, minSize: options.minSize, log }));
  } catch (error) {
    trained.dispose();
    throw error;
  }
  if (options.identity && !locator.describes) {
    trained.dispose();
    await locator.close?.();
    throw new ConvertError(`--identity needs face descriptors, and the faces come from ${locator.description}, which has none`);
  }
  const upscaler = options.upscaler ? forge.upscalers.get(options.upscaler) : undefined;
  try {
    await upscaler?.prepare?.();
  } catch (error) {
    trained.dispose();
    await locator.close?.();
    throw error;
  }
  // A mask type no plugin draws must come stored with the faces.
  const storedMasks = (SPECIAL_MASK_TYPES as readonly string[]).includes(maskType) || forge.masks.has(maskType) ? [] : [maskType];
  const run: ConvertRun = {
    input: options.input, output, modelDir: options.modelDir, model, state: trained.state,
    decoder: options.swapModel ? 'a' : 'b', framing: trained.framing, media,
    config, colourAdjustment, upscaler: options.upscaler,
    identity: options.identity, log,
  };
  log.info(
    `convert: ${media.kind === 'video' ? `video ${media.width}x${media.height}, ${media.frameCount} frames` : `${media.frameCount} images`}; ` +
      `model ${trained.state.model} (${trained.state.iterations} iterations, ${run.framing.centering} centering, coverage ${run.framing.coverage * 100} %), ` +
      `${options.swapModel ? 'B to A' : 'A to B'}; faces from ${locator.description}; ` +
      `mask ${maskType}, colour ${colourAdjustment}, writer ${writerDefinition.name} -> ${output}`,
  );

  const identity = await IdentitySample.create(trained.state, log);
  const frameFile = (name: string) => join(output, `${name}.${writerDefinition.extension}`);
  const label = (source: { index: number; name: string; file?: string }) => source.file ?? `frame ${frameNumber(source.index)} (${source.name})`;
  let pending: PendingFrame[] = [];
  let pendingFaces = 0;
  let writer: FrameWriter | undefined;

  // Frames per second count from the first frame: model loading and probing are not frame work.
  let framesStarted = performance.now();
  const report = (index: number) => {
    const seconds = (performance.now() - framesStarted) / 1000;
    const done = result.written + result.skipped;
    options.onFrame?.({ index, done, total, framesPerSecond: seconds > 0 ? done / seconds : 0, faces: result.faces });
  };

  const swapPending = async () => {
    const all = pending.flatMap((entry) => entry.inputs.map((input, face) => ({ entry, face, input })));
    for (let start = 0; start < all.length; start += batchSize) {
      const chunk = all.slice(start, start + batchSize);
      try {
        const out = await swapBatch(chunk.map((c) => c.input), run, hooks);
        chunk.forEach((c, i) => (c.entry.swapped[c.face] = { face: out.faces[i]!, mask: out.masks?.[i] }));
        await identity?.offer(out.faces);
      } catch {
        // Find the face that breaks the batch: the others still get swapped.
        for (const c of chunk) {
          try {
            const out = await swapBatch([c.input], run, hooks);
            c.entry.swapped[c.face] = { face: out.faces[0]!, mask: out.masks?.[0] };
          } catch (error) {
            c.entry.error ??= error as Error;
          }
        }
      }
    }
  };

  const finishFrame = async (entry: PendingFrame) => {
    let image: RgbFrame = entry.source.image;
    let swapped = 0;
    if (!entry.error && entry.faces.length > 0) {
      try {
        // Work on a copy: a face that fails halfway must not leave a half-blended frame.
        const frame: RgbFrame = { ...image, data: new Uint8Array(image.data) };
        entry.faces.forEach((located, i) => {
          const out = entry.swapped[i]!;
          composeFace(forge, run, { frame, located, swapped: out.face, predicted: out.mask, maskType, label: `${label(entry.source)} face ${located.index}` });
        });
        image = frame;
        swapped = entry.faces.length;
      } catch (error) {
        entry.error = error as Error;
      }
    }
    if (entry.error) {
      log.warn(`${label(entry.source)}: ${entry.error.message}; written unchanged`);
      result.failed.push({ frame: entry.source.name, message: entry.error.message });
    }
    const frame: OutputFrame = { index: entry.source.index, name: entry.source.name, image, swapped, error: entry.error };
    await writer!.write(await hooks.write.promise(frame, run));
    result.written++;
    result.faces += swapped;
    report(entry.source.index);
  };

  const flush = async () => {
    await swapPending();
    for (const entry of pending) await finishFrame(entry);
    pending = [];
    pendingFaces = 0;
  };

  // An image that can't be decoded has no pixels to pass through: it is reported and left out.
  const unreadable = (frame: UnreadableFrame) => {
    log.warn(`${frame.error}; not written`);
    result.failed.push({ frame: frame.name, message: frame.error });
  };

  const locateOptions = { descriptors: run.identity !== undefined, storedMasks };
  /** `located`: the faces a batched locator already found for this frame (or why it could not). */
  const prepare = async (source: SourceFrame, prelocated?: LocatedFace[] | Error): Promise<PendingFrame> => {
    const entry: PendingFrame = { source, faces: [], inputs: [], swapped: [] };
    try {
      if (prelocated instanceof Error) throw prelocated;
      const located = prelocated ?? (await locator.locate(source, locateOptions));
      entry.faces = (await hooks.beforeSwap.promise({ source, faces: located }, run)).faces;
      entry.inputs = entry.faces.map((face) => extractFromFrame(source.image, modelFaceMatrix(face, run.framing, model.inputSize), model.inputSize).image);
    } catch (error) {
      entry.error = error as Error;
      entry.faces = [];
      entry.inputs = [];
    }
    return entry;
  };

  const queue = async (entry: PendingFrame) => {
    pending.push(entry);
    pendingFaces += entry.faces.length;
    if (pendingFaces >= batchSize || pending.length >= batchSize) await flush();
  };
  // A batched locator (on-the-fly detection) gets its frames in batches: frames wait here, in order, until a batch is full.
  const locateSize = locator.locateBatch ? Math.max(1, locator.batchSize ?? 1) : 1;
  let waiting: { source: SourceFrame; inRange: boolean }[] = [];
  const locateWaiting = async () => {
    if (waiting.length === 0) return;
    const entries = waiting;
    waiting = [];
    const sources = entries.filter((e) => e.inRange).map((e) => e.source);
    let located: LocatedFace[][] | Error = [];
    try {
      if (sources.length > 0) located = await locator.locateBatch!(sources, locateOptions);
    } catch (error) {
      located = error as Error;
    }
    let k = 0;
    for (const { source, inRange } of entries) {
      await queue(inRange ? await prepare(source, located instanceof Error ? located : located[k++]!) : { source, faces: [], inputs: [], swapped: [] });
    }
  };

  try {
    writer = await writerDefinition.open({ output, media, config: run.config, wholeVideo: !ranges || keepUnchanged, log });
    const lastFrame = keepUnchanged ? undefined : lastRangedFrame(ranges);
    framesStarted = performance.now();
    for await (const read of readFrames(media, { lastFrame })) {
      if (options.signal?.aborted) {
        result.stoppedBy = 'signal';
        break;
      }
      const inRange = inFrameRanges(ranges, read.index);
      if (!inRange && !keepUnchanged) continue;
      if ('error' in read) {
        unreadable(read);
        continue;
      }
      const source: SourceFrame = read;
      if (options.skipExisting && writerDefinition.output === 'frames' && (await exists(frameFile(source.name)))) {
        // Earlier frames still pending go out first, so progress stays in frame order.
        await locateWaiting();
        await flush();
        result.skipped++;
        report(source.index);
        continue;
      }
      if (locateSize > 1) {
        waiting.push({ source, inRange });
        if (waiting.length >= locateSize) await locateWaiting();
        continue;
      }
      await queue(inRange ? await prepare(source) : { source, faces: [], inputs: [], swapped: [] });
    }
    if (locator instanceof AlignmentsLocator && locator.missing.length > 0) {
      const shown = locator.missing.slice(0, 10).join(', ');
      log.warn(`${locator.path} lists no faces for ${locator.missing.length} frame(s) (${shown}${locator.missing.length > 10 ? ', ...' : ''}): written unchanged`);
    }
    if (result.stoppedBy === 'signal' && writerDefinition.output === 'video') {
      await writer.abort();
      log.warn(`stopped: ${output} was not written (a video is only written whole); frames are written one by one with --writer png`);
    } else {
      await locateWaiting();
      await flush();
      await writer.finish();
    }
  } catch (error) {
    await writer?.abort();
    throw error;
  } finally {
    trained.dispose();
    upscaler?.release?.();
    await locator.close?.();
  }
  result.seconds = (performance.now() - started) / 1000;
  const measured = await identity?.finish(result.seconds);
  if (measured) result.identity = measured;
  const frameSeconds = (performance.now() - framesStarted) / 1000;
  result.framesPerSecond = frameSeconds > 0 ? (result.written + result.skipped) / frameSeconds : 0;
  return result;
}

/** Re-exported for callers that build their own options. */
export type { FrameRange };
