/**
 * Faces found on the fly: extraction's face-api detector and alignment on every frame (what
 * faceswap calls an on-the-fly conversion). The faces are aligned exactly as `faceforge extract`
 * aligns them (head-centred, with pose offsets), so the model sees the crop it trained on.
 * Slower than reading an alignments file, and the landmarks jitter a little from frame to frame.
 */
import { alignFace, DEFAULT_FACE_SIZE } from '../extract/align-face.js';
import { EXTRACT_CENTERING } from '../extract/extract.js';
import { createFaceDetector, type FaceDetector, type FaceDetectorOptions } from '../extract/face-detector.js';
import type { LocatedFace, SourceFrame } from './convert-types.js';
import type { FaceLocator } from './face-locator.js';

export class DetectingLocator implements FaceLocator {
  readonly describes = true;
  readonly description: string;

  private constructor(private readonly detector: FaceDetector, private readonly owned: boolean) {
    this.description = `face-api (${detector.detector}) detection on the fly, on ${detector.backend}`;
  }

  /** Loads face-api; or wraps a detector already loaded (which `close` then leaves open). */
  static async create(options: FaceDetectorOptions & { detector?: FaceDetectorOptions['detector'] } = {}, loaded?: FaceDetector): Promise<DetectingLocator> {
    return new DetectingLocator(loaded ?? (await createFaceDetector(options)), !loaded);
  }

  async locate(frame: SourceFrame): Promise<LocatedFace[]> {
    const found = await this.detector.detect(frame.image);
    return found.map((face, index): LocatedFace => {
      const geometry = alignFace(face.landmarks, { size: DEFAULT_FACE_SIZE, centering: EXTRACT_CENTERING });
      return {
        index, matrix: geometry.matrix, size: geometry.size, centering: geometry.centering,
        offsets: geometry.pose.offsets, landmarks: geometry.landmarks, descriptor: face.descriptor,
      };
    });
  }

  async close(): Promise<void> {
    if (this.owned) await this.detector.close();
  }
}
