/**
 * Architecture fingerprint of a model part: sha256 over a canonical JSON of the part's ordered
 * weights (name, shape, dtype) plus the model's input size, centering and coverage. Two parts with
 * the same fingerprint take each other's weights and see faces framed the same way; a different
 * fingerprint means loading would fail or, worse, "work" on faces it was not trained on.
 * DeepFaceLab re-initialises a part silently when shapes differ; we compare fingerprints and refuse.
 *
 * Works on plain weight descriptors; @faceforge/core computes them from a built part.
 */
import { createHash } from 'node:crypto';
import { decodeWeights } from '../io/weights-file.js';

export interface WeightSpec {
  name: string;
  shape: number[];
  dtype: string;
}

export interface FingerprintInput {
  weights: WeightSpec[];
  inputSize: number;
  centering: string;
  /** Percentage of the face image the model trains on ([global] coverage). */
  coverage: number;
}

/** 'sha256:<hex>' of the canonical JSON (fixed key order, no whitespace) of `input`. */
export function architectureFingerprint(input: FingerprintInput): string {
  const canonical = JSON.stringify({
    weights: input.weights.map((w) => [w.name, [...w.shape], w.dtype]),
    inputSize: input.inputSize,
    centering: input.centering,
    coverage: input.coverage,
  });
  return `sha256:${createHash('sha256').update(canonical).digest('hex')}`;
}

/** The ordered weights of a part as its weights file records them (same order as the built part). */
export function weightsFileArchitecture(buffer: Buffer, file: string): WeightSpec[] {
  return decodeWeights(buffer, file).header.tensors.map((t) => ({ name: t.name, shape: t.shape, dtype: t.dtype }));
}

export function parameterCount(weights: WeightSpec[]): number {
  return weights.reduce((sum, w) => sum + w.shape.reduce((a, b) => a * b, 1), 0);
}
