/**
 * Extraction: frames → detected faces → aligned, head-centred face PNGs with their metadata
 * (landmarks, source, box, matrix, pose, descriptor, the landmark masks the caller's mask plugins
 * draw), plus the source's
 * alignments file. A bad input (unreadable image, frame without a face) is reported and the rest
 * goes on; an interrupted run resumes at the first frame not yet recorded as done.
 */
import { frameNumber, videoFrameStem } from '../media/frame-numbers.js';
import { mkdir } from 'node:fs/promises';
import { basename, extname, join, resolve } from 'node:path';
import type { Centering, FaceMetadata, FacePose } from '../data/face-metadata.js';
import { encodeStoredMask } from '../data/face-metadata.js';
import { writeFaceFile } from '../data/face-writer.js';
import type { Point } from '../data/image.js';
import { landmarkMaskSources, type LandmarkMaskSource, type MaskLookup } from '../masks/landmark-masks.js';
import { ExtractError } from '../util/errors.js';
import { silentLogger, type Logger } from '../util/logger.js';
import { alignFace, DEFAULT_FACE_SIZE, warpFace, type AlignedFaceGeometry } from './align-face.js';
import { AlignmentsFile, alignmentsPath, type AlignmentsFace } from './alignments-file.js';
import { createFaceDetector, type DetectedFace, type DetectorName, type FaceDetector } from './face-detector.js';
import { FaceWriterPool, type FaceWriteJob } from './face-writer-pool.js';
import { useNativeWarp } from './native-warp.js';
import { FaceFinder, type FindPath, type TrackingOptions } from './face-finder.js';
import { openFrameSource, type Frame, type FrameSelection } from './frame-source.js';
import { DEFAULT_IDENTITY_THRESHOLD, IdentityFilter, loadIdentityReferences } from './identity-filter.js';

/** Side of the landmark masks stored in each face (faceswap's mask_storage_size). */
export const STORED_MASK_SIZE = 128;
/** Extracted faces are head-centred, so training can cut any centering out of them. */
export const EXTRACT_CENTERING: Centering = 'head';
/** Landmark masks stored with every face (drawn by the mask plugins: see `storedLandmarkMasks`). */
export const STORED_LANDMARK_MASKS = ['components', 'extended'] as const;

/** The masks `faceforge extract` stores in every face (STORED_LANDMARK_MASKS), from a forge's mask plugins. */
export function storedLandmarkMasks(masks: MaskLookup): LandmarkMaskSource[] {
  return landmarkMaskSources(masks, STORED_LANDMARK_MASKS);
}

export interface ExtractOptions extends FrameSelection {
  /** A video, a folder of images, or one image. */
  input: string;
  /** Folder for the faces (created); the alignments file goes to its `alignments/` folder. */
  output: string;
  detector?: DetectorName;
  /** Smallest face kept, in pixels of the shorter box side. */
  minSize?: number;
  /** Aligned face side in pixels. Default 512. */
  size?: number;
  /** Reference images of the one person to keep. */
  identity?: readonly string[];
  /** Largest descriptor distance to a reference that still counts as that person. Default 0.6. */
  threshold?: number;
  /** tfjs backend for face-api (default: see face-detector.ts). */
  backend?: string;
  /**
   * The masks stored in every face, drawn from its landmarks at STORED_MASK_SIZE: what
   * `faceforge extract` stores is `storedLandmarkMasks(forge.masks)`; `[]` stores none.
   */
  storedMasks: readonly LandmarkMaskSource[];
  /** 'batched' (default): the nets run on batches of frames; 'per-frame': face-api's own chain, one frame at a time. */
  path?: FindPath;
  /** Frames per batch on the batched path (default 8). */
  batchSize?: number;
  /**
   * Warp and write the faces on a worker thread while the nets go on (default true); false: each
   * frame's faces are warped and written before the next frame is detected.
   */
  overlapWrites?: boolean;
  /** Track faces between detections (face-finder.ts); omitted or false: detect on every frame. */
  tracking?: Partial<TrackingOptions> | false;
  /** A detector already loaded (tests, benchmarks, several sources in one process); not closed here. */
  faceDetector?: FaceDetector;
  log?: Logger;
  /** Stops after the frame in progress; what was extracted is kept and recorded. */
  signal?: AbortSignal;
  onProgress?: (progress: ExtractProgress) => void;
}

export interface ExtractProgress {
  /** Frames handled in this run (detected, or unreadable). */
  frames: number;
  /** Frames this run will handle, when known. */
  total?: number;
  /** Faces written in this run. */
  faces: number;
  facesPerSecond: number;
  seconds: number;
}

export interface ExtractSummary {
  source: string;
  alignments: string;
  /** Frames handled in this run. */
  frames: number;
  /** Frames skipped because an earlier run recorded them as done. */
  resumed: number;
  facesWritten: number;
  /** Faces found but not written: not the --identity person. */
  facesFiltered: number;
  /** Frames in which no face was found: frame numbers of a video (from 1), file names of images. */
  framesWithoutFace: string[];
  /** Messages naming each file that could not be read. */
  errors: string[];
  seconds: number;
  /** True when stopped by the signal before the end. */
  interrupted: boolean;
  /** Frames the detector ran on, and how many of those a tracked face's drift asked for (the rest were tracked). */
  detections: { detected: number; redetected: number };
}

/** How often the alignments file is rewritten during a run (it is also written at the end). */
const SAVE_EVERY_MS = 5000;

const round = (value: number, digits: number): number => Number(value.toFixed(digits));
const roundPoint = (p: Point): Point => [round(p[0], 3), round(p[1], 3)];

/**
 * `<video>_<frame number:06d>_<face>.png` for a video (the first frame is 000001, as convert names
 * its output; media/frame-numbers.ts); `<image>_<face>.png` for an image (it is its own frame).
 */
export function faceFileName(sourceName: string, frame: Frame, faceIndex: number, video: boolean): string {
  if (video) return `${videoFrameStem(sourceName, frame.index)}_${faceIndex}.png`;
  return `${basename(frame.key, extname(frame.key))}_${faceIndex}.png`;
}

function poseOf(geometry: AlignedFaceGeometry): FacePose {
  const { pose } = geometry;
  return {
    yaw: round(pose.yaw, 2), pitch: round(pose.pitch, 2), roll: round(geometry.roll, 2),
    offsets: { legacy: [0, 0], face: [round(pose.offsets.face[0], 6), round(pose.offsets.face[1], 6)], head: [round(pose.offsets.head[0], 6), round(pose.offsets.head[1], 6)] },
  };
}

/** The metadata of one aligned face: everything training, masking, sorting and convert read back. */
export function faceMetadata(
  face: DetectedFace, geometry: AlignedFaceGeometry, source: { file: string; frame: number; faceIndex: number; frameSize: [number, number] },
  storedMasks: readonly LandmarkMaskSource[],
): FaceMetadata {
  const maskScale = STORED_MASK_SIZE / geometry.size;
  const maskLandmarks = geometry.landmarks.map(([x, y]): Point => [x * maskScale, y * maskScale]);
  const masks = Object.fromEntries(storedMasks.map(({ name, fromLandmarks }) => [name, encodeStoredMask(fromLandmarks(maskLandmarks, STORED_MASK_SIZE))]));
  return {
    format: 'faceforge-face',
    version: 1,
    size: geometry.size,
    centering: geometry.centering,
    landmarks: geometry.landmarks.map(roundPoint),
    source,
    box: face.box.map((v) => round(v, 2)) as [number, number, number, number],
    matrix: geometry.matrix.map((v) => round(v, 8)) as FaceMetadata['matrix'],
    score: round(face.score, 4),
    descriptor: face.descriptor.map((v) => round(v, 6)),
    pose: poseOf(geometry),
    masks,
  };
}

/** Extracts the faces of one source into `options.output`. */
export async function extractFaces(options: ExtractOptions): Promise<ExtractSummary> {
  const log = options.log ?? silentLogger;
  const size = options.size ?? DEFAULT_FACE_SIZE;
  if (!Number.isInteger(size) || size < 64 || size > 2048) throw new ExtractError(`--size must be a whole number of pixels from 64 to 2048, got ${size}`);
  if (!Array.isArray(options.storedMasks)) throw new ExtractError('extractFaces needs storedMasks: the masks to store in every face (storedLandmarkMasks(forge.masks), or [] for none)');
  const source = await openFrameSource(options.input, options);
  // Faces warped on this thread (overlapWrites off) use the native warp too.
  await useNativeWarp();
  const output = resolve(options.output);
  await mkdir(output, { recursive: true }).catch((error: Error) => {
    throw new ExtractError(`${output}: cannot create the output folder (${error.message})`);
  });
  const alignments = await AlignmentsFile.open(alignmentsPath(output, source.name), { source: source.path, kind: source.kind, face: { size, centering: EXTRACT_CENTERING } });
  if (alignments.data.source !== source.path) log.warn(`${alignments.path} was written for ${alignments.data.source}; resuming it with ${source.path}`);

  const detector = options.faceDetector ?? (await createFaceDetector({ detector: options.detector, minSize: options.minSize, backend: options.backend, log }));
  const video = source.kind === 'video';
  const summary: ExtractSummary = {
    source: source.path, alignments: alignments.path, frames: 0, resumed: 0, facesWritten: 0, facesFiltered: 0,
    framesWithoutFace: [], errors: [], seconds: 0, interrupted: false, detections: { detected: 0, redetected: 0 },
  };
  // The images of a folder are not a sequence a face can be followed through: tracking is for videos.
  const finder = new FaceFinder(detector, { path: options.path, batchSize: options.batchSize, tracking: video ? options.tracking : false });
  const started = performance.now();
  let lastSave = Date.now();
  // Frames done earlier are not redone, so they are not part of this run's total (the alignments
  // file may also hold frames this selection does not take: only the selection's own count).
  const remaining = source.remaining((key) => alignments.isDone(key));
  const report = () => {
    summary.seconds = (performance.now() - started) / 1000;
    // A video's frame count is estimated from its duration: never show fewer than are done.
    const total = remaining !== undefined ? Math.max(remaining, summary.frames) : undefined;
    options.onProgress?.({ frames: summary.frames, total, faces: summary.facesWritten, facesPerSecond: summary.seconds > 0 ? summary.facesWritten / summary.seconds : 0, seconds: summary.seconds });
  };
  try {
    const identity = options.identity?.length
      ? new IdentityFilter(await loadIdentityReferences(options.identity, detector, log), options.threshold ?? DEFAULT_IDENTITY_THRESHOLD)
      : undefined;
    // Frames skipped as done leave a gap a tracked face cannot be followed across.
    let gap = false;
    const skip = (key: string) => {
      if (!alignments.isDone(key)) return false;
      summary.resumed++;
      gap = true;
      return true;
    };
    // Writes overlap the next frames' detection (on the writer's thread); a frame is recorded once
    // its faces are on disk, in frame order.
    const writer = options.overlapWrites === false ? undefined : new FaceWriterPool();
    let recorded: Promise<void> = Promise.resolve();
    const finishFrame = async (frame: Frame, found: DetectedFace[]) => {
      const pixels = frame.pixels!;
      const frameSize: [number, number] = [pixels.width, pixels.height];
      const records: AlignmentsFace[] = [];
      const jobs: FaceWriteJob['faces'] = [];
      for (const [faceIndex, face] of found.entries()) {
        const geometry = alignFace(face.landmarks, { size, centering: EXTRACT_CENTERING });
        const distance = identity?.distance(face.descriptor);
        const record: AlignmentsFace = {
          box: face.box.map((v) => round(v, 2)) as AlignmentsFace['box'],
          score: round(face.score, 4),
          landmarks: face.landmarks.map(roundPoint),
          descriptor: face.descriptor.map((v) => round(v, 6)),
          matrix: geometry.matrix.map((v) => round(v, 8)) as AlignmentsFace['matrix'],
          pose: poseOf(geometry),
          ...(distance !== undefined ? { identityDistance: round(distance, 4) } : {}),
        };
        if (identity && !identity.matches(face.descriptor)) {
          summary.facesFiltered++;
        } else {
          const name = faceFileName(source.name, frame, faceIndex, video);
          const metadata = faceMetadata(face, geometry, { file: frame.file, frame: video ? frame.index : 0, faceIndex, frameSize }, options.storedMasks);
          jobs.push({ path: join(output, name), matrix: geometry.matrix, size, metadata });
          record.file = name;
        }
        records.push(record);
      }
      if (found.length === 0) {
        summary.framesWithoutFace.push(video ? String(frameNumber(frame.index)) : frame.key);
        if (!video) log.warn(`${frame.file}: no face found`);
      }
      let written: Promise<void>;
      if (writer && jobs.length > 0) {
        written = (await writer.write(pixels, jobs)).written;
      } else {
        for (const job of jobs) await writeFaceFile(job.path, warpFace(pixels, job.matrix, size), job.metadata);
        written = Promise.resolve();
      }
      // Counted when queued: a face that fails to write fails the run.
      summary.facesWritten += jobs.length;
      // Recorded only after its faces are on disk: a crash before this redoes the frame.
      recorded = recorded.then(async () => {
        await written;
        alignments.record(frame.key, { index: frame.index, file: frame.file, size: frameSize, faces: records });
      });
      // A failed write is reported where `recorded` is awaited, not as an unhandled rejection meanwhile.
      written.catch(() => undefined);
      recorded.catch(() => undefined);
      summary.frames++;
      report();
      if (Date.now() - lastSave >= SAVE_EVERY_MS) {
        await recorded;
        await alignments.save();
        lastSave = Date.now();
      }
    };
    let batch: Frame[] = [];
    const runBatch = async () => {
      if (batch.length === 0) return;
      const frames = batch;
      batch = [];
      const found = await finder.find(frames.map((frame) => frame.pixels!));
      for (const [i, frame] of frames.entries()) {
        // Stopped: the frames left of the batch are not recorded, so a resumed run does them.
        if (options.signal?.aborted) break;
        await finishFrame(frame, found[i]!);
      }
    };
    try {
      for await (const frame of source.frames(skip, options.signal)) {
        if (gap) {
          await runBatch();
          finder.forget();
          gap = false;
        }
        if (!frame.pixels) {
          await runBatch();
          summary.errors.push(frame.error!);
          log.warn(`skipping ${frame.error}`);
          summary.frames++;
          report();
          continue;
        }
        batch.push(frame);
        if (batch.length >= finder.batchSize) await runBatch();
      }
      if (!options.signal?.aborted) await runBatch();
    } finally {
      // What was started is finished and recorded, also when stopped or failing.
      await writer?.close();
      await recorded;
    }
    summary.detections = { detected: finder.stats.detected, redetected: finder.stats.redetected };
    summary.interrupted = options.signal?.aborted === true;
  } finally {
    await alignments.save();
    if (!options.faceDetector) await detector.close();
  }
  if (video && summary.framesWithoutFace.length > 0) {
    const shown = summary.framesWithoutFace.slice(0, 10).join(', ');
    log.warn(`${source.path}: no face in ${summary.framesWithoutFace.length} frame(s): ${shown}${summary.framesWithoutFace.length > 10 ? ', ...' : ''}`);
  }
  report();
  return summary;
}
