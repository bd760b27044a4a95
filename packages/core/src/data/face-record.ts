import type { Image, Point } from './image.js';

/** One training face, loaded and resized to the processing size. */
export interface FaceRecord {
  /** File it came from. */
  path: string;
  /** RGB face at the processing size. */
  image: Image;
  /** 68 landmarks in `image` coordinates, when the face carries them (extracted faces). */
  landmarks?: Point[];
  /** Masks stored with the face, by name, at the processing size. */
  masks: Record<string, Image>;
  /** The metadata embedded in the face file, if any. */
  metadata?: Record<string, unknown>;
}
