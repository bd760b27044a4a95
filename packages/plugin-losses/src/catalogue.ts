import type { LossFunction } from '@faceforge/core';
import { focalFrequencyLoss } from './focal-frequency.js';
import { gmsdLoss } from './gmsd.js';
import { lInfNormLoss } from './l-inf-norm.js';
import { laplacianPyramidLoss } from './laplacian-pyramid.js';
import { logcoshLoss } from './logcosh.js';
import { maeLoss } from './mae.js';
import { msSsimLoss } from './ms-ssim.js';
import { mseLoss } from './mse.js';
import { pixelGradientDiffLoss } from './pixel-gradient-diff.js';
import { smoothLoss } from './smooth-loss.js';
import { ssimLoss } from './ssim.js';

/** Every built-in loss, in faceswap's config order; all are valid primary losses. */
export const builtinLosses: LossFunction[] = [
  maeLoss,
  mseLoss,
  logcoshLoss,
  smoothLoss,
  lInfNormLoss,
  ssimLoss,
  msSsimLoss,
  gmsdLoss,
  pixelGradientDiffLoss,
  laplacianPyramidLoss,
  focalFrequencyLoss,
];

/** Looks a loss up by its config name. */
export function findLoss(name: string): LossFunction | undefined {
  return builtinLosses.find((loss) => loss.name === name);
}
