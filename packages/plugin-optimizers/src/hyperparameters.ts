/** Range checks for optimizer options, with torch.optim's limits and messages that name the option. */

export function checkLearningRate(optimizer: string, lr: number): void {
  if (!Number.isFinite(lr) || lr < 0) {
    throw new RangeError(`${optimizer}: learning rate must be a finite number >= 0, got ${lr}`);
  }
}

export function checkBeta(optimizer: string, option: string, beta: number): void {
  if (!Number.isFinite(beta) || beta < 0 || beta >= 1) {
    throw new RangeError(`${optimizer}: ${option} must be in [0, 1), got ${beta}`);
  }
}

export function checkEpsilon(optimizer: string, epsilon: number): void {
  if (!Number.isFinite(epsilon) || epsilon < 0) {
    throw new RangeError(`${optimizer}: epsilon must be a finite number >= 0, got ${epsilon}`);
  }
}
