/**
 * The faces of a video's frames, found in batches, and (with tracking) followed between
 * detections: the detector runs every `detectEvery` frames, and in between each face's landmark
 * net crop is placed where its landmarks were in the frame before (the box the detector gave,
 * kept relative to the landmarks), the way video face tools track. A face is detected again when
 * the landmark fit pulls the box away from where it was placed (the face moved more than the crop
 * allows, or is gone) or when its descriptor drifts from the one it had when detected.
 *
 * Three paths, so a bench can put them side by side:
 * - 'per-frame': face-api's own chain on each frame (FaceDetector.detect);
 * - 'batched': detector, landmark and recognition nets each run once per batch of frames;
 * - 'batched' with tracking: as above, the detector only on the frames that need it.
 * Tracking off (detectEvery 1) is the batched path exactly.
 */
import type { Point } from '../data/image.js';
import type { RgbPixels } from '../image/rgb-pixels.js';
import { ExtractError } from '../util/errors.js';
import type { FoundBox } from './batched-face-nets.js';
import type { DetectedFace, FaceDetector } from './face-detector.js';
import { descriptorDistance } from './face-detector.js';
import { INFERENCE_POOL_MB, PER_FRAME_POOL_MB, useInferencePool } from '../backend/pool-for-work.js';

export type FindPath = 'per-frame' | 'batched';

export interface TrackingOptions {
  /** Run the detector on every k-th frame and track the faces in between; 1 turns tracking off. */
  detectEvery: number;
  /** Detect again when a tracked face's descriptor is this far from its descriptor at detection (face-api's 0.6 separates people). */
  maxIdentityDrift: number;
  /** Detect again when the landmark fit moves the face box by more than this share of its side (or scales it by more). */
  maxFitShift: number;
}

/**
 * detectEvery 16: on the sample clip, tracked landmarks lay 1.77 px (mean, at 512 px) from per-frame
 * detection at 16 against 1.48 px at 8, for 3.5× the per-frame path's speed against 3.1×.
 */
export const DEFAULT_TRACKING: TrackingOptions = { detectEvery: 16, maxIdentityDrift: 0.4, maxFitShift: 0.25 };
/** Frames per batch through the nets (the 8–16; 8 keeps a 1080p batch at ~100 MB of input). */
export const DEFAULT_FIND_BATCH = 8;
/** A fit that moves the box more than this share of its side is fitted once more from where it landed. */
const REFIT_SHIFT = 0.03;

export interface FaceFinderOptions {
  path?: FindPath;
  /** Frames per batch (batched path). Default DEFAULT_FIND_BATCH. */
  batchSize?: number;
  /** Tracking settings; omitted or `false`: the detector on every frame. */
  tracking?: Partial<TrackingOptions> | false;
}

export interface FindStats {
  frames: number;
  /** Frames the detector ran on (scheduled or re-detected). */
  detected: number;
  /** Frames detected again because a tracked face's fit or identity drifted. */
  redetected: number;
}

/** Where a face box sits relative to its landmarks: centre offset and size in units of the landmarks' spread. */
interface Anchor {
  dx: number;
  dy: number;
  width: number;
  height: number;
}

interface Track {
  anchor: Anchor;
  landmarks: Point[];
  /** Descriptor when last detected: the identity a tracked face must keep. */
  identity: number[];
  score: number;
}

type Box = { x: number; y: number; width: number; height: number };

/** Centre and RMS spread of the landmarks: a frame that moves and scales with the face. */
function landmarkFrame(landmarks: readonly Point[]): { cx: number; cy: number; spread: number } {
  let cx = 0, cy = 0;
  for (const [x, y] of landmarks) (cx += x, cy += y);
  cx /= landmarks.length;
  cy /= landmarks.length;
  let sum = 0;
  for (const [x, y] of landmarks) sum += (x - cx) ** 2 + (y - cy) ** 2;
  return { cx, cy, spread: Math.sqrt(sum / landmarks.length) || 1 };
}

function anchorOf(box: Box, landmarks: readonly Point[]): Anchor {
  const { cx, cy, spread } = landmarkFrame(landmarks);
  return { dx: (box.x + box.width / 2 - cx) / spread, dy: (box.y + box.height / 2 - cy) / spread, width: box.width / spread, height: box.height / spread };
}

function boxAt(anchor: Anchor, landmarks: readonly Point[]): Box {
  const { cx, cy, spread } = landmarkFrame(landmarks);
  const width = anchor.width * spread, height = anchor.height * spread;
  return { x: cx + anchor.dx * spread - width / 2, y: cy + anchor.dy * spread - height / 2, width, height };
}

/** How far `after` moved from `before`: centre shift or scale change, as a share of the side. */
function boxDrift(before: Box, after: Box): number {
  const shift = Math.hypot(after.x + after.width / 2 - (before.x + before.width / 2), after.y + after.height / 2 - (before.y + before.height / 2)) / before.width;
  return Math.max(shift, Math.abs(Math.log(after.width / before.width)));
}

export function checkTracking(tracking: TrackingOptions, where = 'tracking'): void {
  if (!Number.isInteger(tracking.detectEvery) || tracking.detectEvery < 1) throw new ExtractError(`${where}: detect every must be a whole number of frames, at least 1, got ${tracking.detectEvery}`);
  if (!(tracking.maxIdentityDrift > 0)) throw new ExtractError(`${where}: the identity drift must be above 0, got ${tracking.maxIdentityDrift}`);
  if (!(tracking.maxFitShift > 0)) throw new ExtractError(`${where}: the fit shift must be above 0, got ${tracking.maxFitShift}`);
}

export class FaceFinder {
  readonly path: FindPath;
  readonly batchSize: number;
  readonly tracking: TrackingOptions | undefined;
  readonly stats: FindStats = { frames: 0, detected: 0, redetected: 0 };
  private tracks: Track[] | undefined;
  /** Frames since tracking began: the detector's schedule. */
  private clock = 0;

  constructor(private readonly detector: FaceDetector, options: FaceFinderOptions = {}) {
    this.path = options.path ?? 'batched';
    this.batchSize = options.batchSize ?? DEFAULT_FIND_BATCH;
    if (!Number.isInteger(this.batchSize) || this.batchSize < 1 || this.batchSize > 64) throw new ExtractError(`batch size must be a whole number from 1 to 64, got ${this.batchSize}`);
    const tracking = options.tracking ? { ...DEFAULT_TRACKING, ...options.tracking } : undefined;
    if (tracking) checkTracking(tracking);
    if (tracking && this.path === 'per-frame') throw new ExtractError('tracking runs on the batched path, not per-frame');
    this.tracking = tracking && tracking.detectEvery > 1 ? tracking : undefined;
    useInferencePool(this.path === 'per-frame' ? PER_FRAME_POOL_MB : INFERENCE_POOL_MB);
  }

  /** Frames since the last call may be missing (a resumed run): the next frame is detected. */
  forget(): void {
    this.tracks = undefined;
  }

  /** The faces of consecutive frames, in order, largest first in each (minSize applied). */
  async find(frames: readonly RgbPixels[]): Promise<DetectedFace[][]> {
    this.stats.frames += frames.length;
    let found: DetectedFace[][];
    if (this.path === 'per-frame') {
      found = [];
      for (const frame of frames) found.push(await this.detector.detect(frame));
      this.stats.detected += frames.length;
      return found;
    }
    found = this.tracking ? await this.tracked(frames, this.tracking) : await this.detected(frames);
    return found.map((faces) => faces.filter((face) => Math.min(face.box[2], face.box[3]) >= this.detector.minSize).sort((p, q) => q.box[2] * q.box[3] - p.box[2] * p.box[3]));
  }

  /** The batched path: every frame through the detector, then all faces through the landmark and recognition nets. */
  private async detected(frames: readonly RgbPixels[]): Promise<DetectedFace[][]> {
    this.stats.detected += frames.length;
    const boxes = await this.detector.locate(frames);
    return this.describe(frames, boxes);
  }

  private async describe(frames: readonly RgbPixels[], boxes: FoundBox[][]): Promise<DetectedFace[][]> {
    const found = await this.landmarked(frames, boxes);
    await this.fillDescriptors(found.flatMap((faces, i) => faces.map((face) => ({ frame: frames[i]!, face }))));
    return found;
  }

  /** The faces in the detector's boxes with their landmarks; descriptors still to fill (a box the landmark net cannot fit is dropped). */
  private async landmarked(frames: readonly RgbPixels[], boxes: FoundBox[][]): Promise<DetectedFace[][]> {
    const requests = boxes.flatMap((list, i) => list.map((box) => ({ frame: frames[i]!, box, index: i })));
    const landmarks = await this.detector.landmarks(requests);
    const byFrame: DetectedFace[][] = frames.map(() => []);
    requests.forEach(({ box, index }, k) => {
      if (landmarks[k]) byFrame[index]!.push({ box: [box.x, box.y, box.width, box.height], score: box.score, landmarks: landmarks[k]!, descriptor: [] });
    });
    return byFrame;
  }

  /** Each face's descriptor, one batch through the recognition net. */
  private async fillDescriptors(faces: { frame: RgbPixels; face: DetectedFace }[]): Promise<void> {
    const descriptors = await this.detector.descriptors(faces.map(({ frame, face }) => ({ frame, landmarks: face.landmarks })));
    faces.forEach(({ face }, k) => (face.descriptor = descriptors[k]!));
  }

  private async tracked(frames: readonly RgbPixels[], tracking: TrackingOptions): Promise<DetectedFace[][]> {
    // The schedule: every detectEvery-th frame since tracking began (the first frame without tracks).
    if (this.tracks === undefined) this.clock = 0;
    const due = frames.map((_, i) => (this.clock + i) % tracking.detectEvery === 0);
    // The frames due for detection are known up front: detect them in one batch.
    const dueFrames = frames.filter((_, i) => due[i]);
    const dueBoxes = dueFrames.length ? await this.detector.locate(dueFrames) : [];
    const boxesOf = new Map(dueFrames.map((frame, k) => [frame, dueBoxes[k]!]));
    const out: DetectedFace[][] = [];
    /** Per frame, the tracks its followed faces must keep the identity of (undefined: the frame was detected). */
    const followers: (Track[] | undefined)[] = [];
    /** The tracks started on this batch's detections: each takes its face's descriptor as its identity once the descriptors are in. */
    const started: { face: DetectedFace; track: Track }[] = [];
    for (let i = 0; i < frames.length; ) {
      const tracks = this.tracks;
      if (!due[i] && tracks?.length) {
        // The frames up to the next scheduled detection are followed together (batched fits).
        let end = i + 1;
        while (end < frames.length && !due[end]) end++;
        const followed = await this.followRun(frames.slice(i, end), tracks, tracking);
        for (const faces of followed) {
          out.push(faces);
          followers.push(tracks);
        }
        i += followed.length;
        if (i === end) continue;
        // Frame i lost its faces even when followed from the frame before: detect it.
        this.stats.redetected++;
      }
      const frame = frames[i]!;
      const boxes = boxesOf.get(frame) ?? (await this.detector.locate([frame]))[0]!;
      const [faces] = await this.landmarked([frame], [boxes]);
      this.stats.detected++;
      this.track(faces!);
      faces!.forEach((face, k) => started.push({ face, track: this.tracks![k]! }));
      followers.push(undefined);
      out.push(faces!);
      i++;
    }
    // Every face's descriptor in one batch, the detected ones too (alone, a face took 25 ms through
    // the recognition net; in a batch of 8, 15 ms each). Then a followed face whose identity
    // drifted is detected again, and the frames after it redone.
    await this.fillDescriptors(out.flatMap((faces, i) => faces.map((face) => ({ frame: frames[i]!, face }))));
    for (const { face, track } of started) track.identity = face.descriptor;
    const drifted = out.findIndex((faces, i) => followers[i]?.some((track, k) => descriptorDistance(faces[k]!.descriptor, track.identity) > tracking.maxIdentityDrift));
    if (drifted >= 0) {
      this.stats.redetected++;
      this.tracks = undefined;
      return [...out.slice(0, drifted), ...(await this.tracked(frames.slice(drifted), tracking))];
    }
    this.clock += frames.length;
    return out;
  }

  /** Detected faces become the tracks: each box kept relative to its landmarks, its descriptor the identity to keep. */
  private track(faces: DetectedFace[]): void {
    this.tracks = faces.map((face) => ({
      anchor: anchorOf({ x: face.box[0], y: face.box[1], width: face.box[2], height: face.box[3] }, face.landmarks),
      landmarks: face.landmarks, identity: face.descriptor, score: face.score,
    }));
  }

  /**
   * Follows the tracked faces through consecutive frames, the landmark net run on all of them at
   * once (a batch costs a third of the frames one by one): first each crop placed where the faces
   * were last seen, then, where the fit moved the face, placed again where it landed. Frames are
   * taken in order while every face holds; where one does not, that frame is followed from the
   * frame before it, one at a time, as a tracker without batching would. Returns the faces of the
   * frames that held (descriptors still to fill); fewer than `frames` when a face was lost.
   */
  private async followRun(frames: readonly RgbPixels[], tracks: Track[], tracking: TrackingOptions): Promise<DetectedFace[][]> {
    const last = tracks.map((track) => track.landmarks);
    const placed = frames.flatMap((frame) => tracks.map((track, k) => ({ frame, box: boxAt(track.anchor, last[k]!) })));
    // The faces move between the frames of a run: the first fit may land further from its crop.
    const fits = await this.fit(placed, tracks, tracking.maxFitShift * 2, tracking.maxFitShift);
    const out: DetectedFace[][] = [];
    for (const [f, frame] of frames.entries()) {
      const own = fits.slice(f * tracks.length, (f + 1) * tracks.length);
      const faces = own.every((fit) => fit !== undefined) ? this.faces(tracks, own) : await this.follow(frame, tracks, tracking);
      if (!faces) break;
      out.push(faces);
    }
    return out;
  }

  /**
   * The landmark fits of face crops (request k belongs to track k mod tracks), in one batch, and
   * the crops a fit moved by more than REFIT_SHIFT fitted once more, in a second batch, from where
   * they landed. undefined where a crop left the frame, or the fit moved the face more than
   * `firstShift` (first fit) or `maxShift` (second fit).
   */
  private async fit(requests: { frame: RgbPixels; box: Box }[], tracks: Track[], firstShift: number, maxShift: number): Promise<({ box: Box; landmarks: Point[] } | undefined)[]> {
    const anchor = (k: number) => tracks[k % tracks.length]!.anchor;
    const first = await this.detector.landmarks(requests);
    const fits = requests.map(({ box }, k) => {
      const landmarks = first[k];
      if (!landmarks) return undefined;
      const landed = boxAt(anchor(k), landmarks);
      const drift = boxDrift(box, landed);
      return drift > firstShift ? undefined : { box, landmarks, landed, drift };
    });
    const again = fits.flatMap((fit, k) => (fit && fit.drift > REFIT_SHIFT ? [k] : []));
    const second = await this.detector.landmarks(again.map((k) => ({ frame: requests[k]!.frame, box: fits[k]!.landed })));
    again.forEach((k, j) => {
      const landmarks = second[j];
      const box = fits[k]!.landed;
      fits[k] = landmarks && boxDrift(box, boxAt(anchor(k), landmarks)) <= maxShift ? { box, landmarks, landed: box, drift: 0 } : undefined;
    });
    return fits.map((fit) => fit && { box: fit.box, landmarks: fit.landmarks });
  }

  /** The tracked faces at their fits in one frame; the tracks move to these landmarks. */
  private faces(tracks: Track[], fits: ({ box: Box; landmarks: Point[] } | undefined)[]): DetectedFace[] {
    return tracks.map((track, k): DetectedFace => {
      const { box, landmarks } = fits[k]!;
      track.landmarks = landmarks;
      return { box: [box.x, box.y, box.width, box.height], score: track.score, landmarks, descriptor: [] };
    });
  }

  /** Each tracked face fitted in one frame from its last landmarks (descriptors still to fill); undefined when a fit drifted (detect instead). */
  private async follow(frame: RgbPixels, tracks: Track[], tracking: TrackingOptions): Promise<DetectedFace[] | undefined> {
    const fits = await this.fit(tracks.map((track) => ({ frame, box: boxAt(track.anchor, track.landmarks) })), tracks, tracking.maxFitShift, tracking.maxFitShift);
    return fits.every((fit) => fit !== undefined) ? this.faces(tracks, fits) : undefined;
  }
}
