/**
 * Faces found on the fly: extraction's face-api detector and alignment on every frame (what
 * faceswap calls an on-the-fly conversion). The faces are aligned exactly as `faceforge extract`
 * aligns them (head-centred, with pose offsets), so the model sees the crop it trained on.
 * Slower than reading an alignments file, and the landmarks jitter a little from frame to frame.
 *
 * Frames are located in batches through extraction's FaceFinder (batched nets, and with
 * `tracking` the faces followed between detections), the same path `faceforge extract` takes.
 *
 * face-api may run on another backend than the swap (wasm when convert runs on cpu; see
 * extract/face-detector.ts). Detection switches to its backend for each frame and back, so the
 * swap keeps running on the backend convert chose; each backend keeps its own weights, so nothing
 * moves between them.
 */
import { tf } from '../tf.js';
import { alignFace, DEFAULT_FACE_SIZE } from '../extract/align-face.js';
import { EXTRACT_CENTERING } from '../extract/extract.js';
import { createFaceDetector, type DetectedFace, type FaceDetector, type FaceDetectorOptions } from '../extract/face-detector.js';
import { FaceFinder, type FaceFinderOptions } from '../extract/face-finder.js';
import type { LocatedFace, SourceFrame } from './convert-types.js';
import type { FaceLocator } from './face-locator.js';

/** A detected face aligned exactly as `faceforge extract` aligns it: head-centred, with its pose offsets. */
export function locatedFromDetection(face: DetectedFace, index: number): LocatedFace {
  const geometry = alignFace(face.landmarks, { size: DEFAULT_FACE_SIZE, centering: EXTRACT_CENTERING });
  return {
    index, matrix: geometry.matrix, size: geometry.size, centering: geometry.centering,
    offsets: geometry.pose.offsets, landmarks: geometry.landmarks, descriptor: face.descriptor,
  };
}

export class DetectingLocator implements FaceLocator {
  readonly describes = true;
  readonly description: string;
  /** Frames convert should hand `locateBatch` at once. */
  readonly batchSize: number;
  private readonly finder: FaceFinder;
  private lastIndex: number | undefined;

  private constructor(private readonly detector: FaceDetector, private readonly owned: boolean, finding: FaceFinderOptions) {
    this.finder = new FaceFinder(detector, finding);
    this.batchSize = this.finder.path === 'batched' ? this.finder.batchSize : 1;
    const tracked = this.finder.tracking ? `, tracked between detections every ${this.finder.tracking.detectEvery} frames` : '';
    this.description = `face-api (${detector.detector}) detection on the fly, on ${detector.backend}${tracked}`;
  }

  /** Loads face-api; or wraps a detector already loaded (which `close` then leaves open). `finding`: batches and tracking. */
  static async create(options: FaceDetectorOptions = {}, loaded?: FaceDetector, finding: FaceFinderOptions = {}): Promise<DetectingLocator> {
    if (loaded) return new DetectingLocator(loaded, false, finding);
    const previous = tf.getBackend();
    const detector = await createFaceDetector(options);
    if (tf.getBackend() !== previous) await tf.setBackend(previous);
    return new DetectingLocator(detector, true, finding);
  }

  async locate(frame: SourceFrame): Promise<LocatedFace[]> {
    return (await this.locateBatch([frame]))[0]!;
  }

  /** The faces of consecutive frames, found in one batch. */
  async locateBatch(frames: readonly SourceFrame[]): Promise<LocatedFace[][]> {
    // A tracked face is only followed from the frame just before, and never from one image of a folder to the next.
    if (this.lastIndex !== undefined && frames[0] && frames[0].index !== this.lastIndex + 1) this.finder.forget();
    this.lastIndex = frames.at(-1)?.index ?? this.lastIndex;
    const images = this.finder.tracking !== undefined && frames.some((frame) => frame.file !== undefined);
    const found = await this.onDetectorBackend(async () => {
      if (!images) return this.finder.find(frames.map((frame) => frame.image));
      const each: Awaited<ReturnType<FaceFinder['find']>> = [];
      for (const frame of frames) {
        this.finder.forget();
        each.push(...(await this.finder.find([frame.image])));
      }
      return each;
    });
    return found.map((faces) => faces.map((face, index) => locatedFromDetection(face, index)));
  }

  private async onDetectorBackend<T>(work: () => Promise<T>): Promise<T> {
    const previous = tf.getBackend();
    if (previous === this.detector.backend) return work();
    await tf.setBackend(this.detector.backend);
    try {
      return await work();
    } finally {
      await tf.setBackend(previous);
    }
  }

  async close(): Promise<void> {
    if (!this.owned) return;
    const previous = tf.getBackend();
    await this.detector.close();
    // close() gives back the backend active when the detector was made; convert's stays.
    if (tf.getBackend() !== previous) await tf.setBackend(previous);
  }
}
