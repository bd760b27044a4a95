/**
 * The face locator convert uses when the caller names none: the alignments file written by
 * `faceforge extract` when one is given, else detection and alignment on the fly.
 */
import type { Logger } from '../util/logger.js';
import type { DetectorName } from '../extract/face-detector.js';
import type { FaceLocator } from './face-locator.js';
import { AlignmentsLocator } from './alignments-locator.js';
import { DetectingLocator } from './detecting-locator.js';

export interface LocatorChoice {
  /** An alignments file from `faceforge extract` of this input (`<faces>/alignments/<input name>.json`). */
  alignments?: string;
  /** On-the-fly detection: which face-api detector, and the smallest face kept (pixels). */
  detector?: DetectorName;
  minSize?: number;
  log: Logger;
}

export async function defaultFaceLocator(choice: LocatorChoice): Promise<FaceLocator> {
  if (choice.alignments) return AlignmentsLocator.open(choice.alignments);
  return DetectingLocator.create({ detector: choice.detector, minSize: choice.minSize, log: choice.log });
}
