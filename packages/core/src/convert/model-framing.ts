import type { Centering } from '../data/face-metadata.js';

/** How a model frames faces: its locked [global] centering and coverage. */
export interface ModelFraming {
  centering: Centering;
  /** 0..1 */
  coverage: number;
}
