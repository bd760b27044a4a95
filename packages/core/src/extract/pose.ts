/**
 * Head pose from 68 landmarks, and from it the centre of the face and of the head for faceswap's
 * `face` and `head` centering (faceswap's PoseEstimate, lib/align/pose.py).
 *
 * faceswap runs cv2.solvePnP (iterative) of the 26 POSE_LANDMARKS, in legacy-unit coordinates,
 * against a generic 3-D head (MEAN_FACE_3D_26) with a pinhole camera of focal length 4 and
 * principal point (0.5, 0.5), then projects two fixed 3-D points: the head centre (0, 0, −2.3)
 * and the face centre (0, −1.5, 4.2). Their distance from (0.5, 0.5) is the centering offset.
 *
 * Here the same problem is solved in two steps, both standard:
 *  1. POS (pose from orthography and scaling): a least-squares affine camera fitted to the 26
 *     point pairs, its two rows made orthonormal (the rotation) with their mean length as the
 *     scale; the depth of the points' centroid is focal/scale. This is exact for a distant head.
 *  2. Levenberg–Marquardt on the full perspective reprojection error, starting there, with the
 *     rotation updated as R·exp([δ]×) so no angle wraps (what SOLVEPNP_ITERATIVE minimises).
 * The offsets are then the projections above, so they follow yaw and pitch as faceswap's do.
 *
 * The 3-D model is a mirror image of a camera-facing head (x points to the image's left, y up,
 * z to the camera), so the fitted rotation of a frontal face is a half turn about the optical
 * axis with the nose away from the camera; as in faceswap this leaves the projections right.
 */
import type { Point } from '../data/image.js';
import type { CenteringOffsets } from './centering.js';
import { MEAN_FACE_3D_26, POSE_LANDMARKS, type Point3 } from './mean-face.js';

const FOCAL = 4;
const PRINCIPAL = 0.5;
const HEAD_CENTRE: Point3 = [0, 0, -2.3];
const FACE_CENTRE: Point3 = [0, -1.5, 4.2];

type Matrix3 = [number, number, number, number, number, number, number, number, number];

export interface PoseEstimate {
  /** Rotation, row-major 3×3, from model to camera coordinates. */
  rotation: Matrix3;
  /** Translation of the model origin in camera coordinates. */
  translation: Point3;
  /** Degrees, positive when the nose points towards the image's right. */
  yaw: number;
  /** Degrees, positive when the face looks up. */
  pitch: number;
  /** Offsets of each centering's centre from (0.5, 0.5), in legacy-unit coordinates. */
  offsets: CenteringOffsets;
  /** Root-mean-square reprojection error, in legacy units (≈ 0.01–0.03 for a real face). */
  error: number;
}

function multiply(a: Matrix3, b: Matrix3): Matrix3 {
  const out = new Array(9).fill(0) as Matrix3;
  for (let r = 0; r < 3; r++) for (let c = 0; c < 3; c++) out[r * 3 + c] = a[r * 3]! * b[c]! + a[r * 3 + 1]! * b[3 + c]! + a[r * 3 + 2]! * b[6 + c]!;
  return out;
}

/** Rotation matrix of the rotation vector v (Rodrigues). */
export function rodrigues(v: Point3): Matrix3 {
  const angle = Math.hypot(v[0], v[1], v[2]);
  if (angle < 1e-12) return [1, 0, 0, 0, 1, 0, 0, 0, 1];
  const [x, y, z] = [v[0] / angle, v[1] / angle, v[2] / angle];
  const c = Math.cos(angle), s = Math.sin(angle), t = 1 - c;
  return [
    t * x * x + c, t * x * y - s * z, t * x * z + s * y,
    t * x * y + s * z, t * y * y + c, t * y * z - s * x,
    t * x * z - s * y, t * y * z + s * x, t * z * z + c,
  ];
}

/** Pinhole projection (focal 4, principal point 0.5) of a model point. */
export function projectPoint(p: Point3, rotation: Matrix3, translation: Point3): Point {
  const R = rotation;
  const x = R[0] * p[0] + R[1] * p[1] + R[2] * p[2] + translation[0];
  const y = R[3] * p[0] + R[4] * p[1] + R[5] * p[2] + translation[1];
  const z = R[6] * p[0] + R[7] * p[1] + R[8] * p[2] + translation[2];
  return [(FOCAL * x) / z + PRINCIPAL, (FOCAL * y) / z + PRINCIPAL];
}

function residuals(points: readonly Point[], rotation: Matrix3, translation: Point3, out: Float64Array): number {
  let sum = 0;
  for (let i = 0; i < points.length; i++) {
    const [u, v] = projectPoint(MEAN_FACE_3D_26[i]!, rotation, translation);
    out[2 * i] = u - points[i]![0];
    out[2 * i + 1] = v - points[i]![1];
    sum += out[2 * i]! ** 2 + out[2 * i + 1]! ** 2;
  }
  return sum;
}

/** Solves the n×n system A·x = b (Gaussian elimination with partial pivoting); A and b are overwritten. */
function solve(A: number[][], b: number[]): number[] {
  const n = b.length;
  for (let col = 0; col < n; col++) {
    let pivot = col;
    for (let r = col + 1; r < n; r++) if (Math.abs(A[r]![col]!) > Math.abs(A[pivot]![col]!)) pivot = r;
    [A[col], A[pivot]] = [A[pivot]!, A[col]!];
    [b[col], b[pivot]] = [b[pivot]!, b[col]!];
    const d = A[col]![col]!;
    if (Math.abs(d) < 1e-300) continue;
    for (let r = col + 1; r < n; r++) {
      const f = A[r]![col]! / d;
      if (f === 0) continue;
      for (let c = col; c < n; c++) A[r]![c]! -= f * A[col]![c]!;
      b[r]! -= f * b[col]!;
    }
  }
  const x = new Array<number>(n).fill(0);
  for (let r = n - 1; r >= 0; r--) {
    let s = b[r]!;
    for (let c = r + 1; c < n; c++) s -= A[r]![c]! * x[c]!;
    x[r] = Math.abs(A[r]![r]!) < 1e-300 ? 0 : s / A[r]![r]!;
  }
  return x;
}

const normalize = (v: Point3): Point3 => {
  const n = Math.hypot(v[0], v[1], v[2]);
  return [v[0] / n, v[1] / n, v[2] / n];
};
const cross = (a: Point3, b: Point3): Point3 => [a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]];

/** Step 1: scaled orthographic camera fitted by least squares (POS). */
function initialPose(points: readonly Point[]): { rotation: Matrix3; translation: Point3 } {
  const n = points.length;
  const model = MEAN_FACE_3D_26;
  const mean3: Point3 = [0, 0, 0];
  const mean2: Point = [0, 0];
  for (let i = 0; i < n; i++) {
    for (let k = 0; k < 3; k++) mean3[k] += model[i]![k]! / n;
    mean2[0] += points[i]![0] / n;
    mean2[1] += points[i]![1] / n;
  }
  // A = (Σ x·Xᵀ)(Σ X·Xᵀ)⁻¹ over centred points: rows a1, a2 of the affine camera.
  const XX = [[0, 0, 0], [0, 0, 0], [0, 0, 0]];
  const xX = [[0, 0, 0], [0, 0, 0]];
  for (let i = 0; i < n; i++) {
    const X = [model[i]![0] - mean3[0], model[i]![1] - mean3[1], model[i]![2] - mean3[2]];
    const x = [points[i]![0] - mean2[0], points[i]![1] - mean2[1]];
    for (let r = 0; r < 3; r++) for (let c = 0; c < 3; c++) XX[r]![c]! += X[r]! * X[c]!;
    for (let r = 0; r < 2; r++) for (let c = 0; c < 3; c++) xX[r]![c]! += x[r]! * X[c]!;
  }
  // XX is symmetric, so each row of A solves XX·aᵀ = (row of xX)ᵀ.
  const a1 = solve(XX.map((row) => [...row]), [...xX[0]!]) as Point3;
  const a2 = solve(XX.map((row) => [...row]), [...xX[1]!]) as Point3;
  const scale = (Math.hypot(...a1) + Math.hypot(...a2)) / 2;
  // Symmetric orthonormalisation: the orthonormal pair closest to both rows.
  const u = normalize(a1), v = normalize(a2);
  const sum = normalize([u[0] + v[0], u[1] + v[1], u[2] + v[2]]);
  const diff = normalize([u[0] - v[0], u[1] - v[1], u[2] - v[2]]);
  const r1: Point3 = [(sum[0] + diff[0]) / Math.SQRT2, (sum[1] + diff[1]) / Math.SQRT2, (sum[2] + diff[2]) / Math.SQRT2];
  const r2: Point3 = [(sum[0] - diff[0]) / Math.SQRT2, (sum[1] - diff[1]) / Math.SQRT2, (sum[2] - diff[2]) / Math.SQRT2];
  const r3 = cross(r1, r2);
  const rotation: Matrix3 = [...r1, ...r2, ...r3];
  // The model centroid projects to the image centroid, at depth focal/scale.
  const depth = FOCAL / scale;
  const centroid: Point3 = [((mean2[0] - PRINCIPAL) * depth) / FOCAL, ((mean2[1] - PRINCIPAL) * depth) / FOCAL, depth];
  const rotated: Point3 = [
    r1[0] * mean3[0] + r1[1] * mean3[1] + r1[2] * mean3[2],
    r2[0] * mean3[0] + r2[1] * mean3[1] + r2[2] * mean3[2],
    r3[0] * mean3[0] + r3[1] * mean3[1] + r3[2] * mean3[2],
  ];
  return { rotation, translation: [centroid[0] - rotated[0], centroid[1] - rotated[1], centroid[2] - rotated[2]] };
}

/** Step 2: Levenberg–Marquardt on the perspective reprojection error (numeric Jacobian, 6 parameters). */
function refinePose(points: readonly Point[], start: { rotation: Matrix3; translation: Point3 }): { rotation: Matrix3; translation: Point3; sum: number } {
  const m = points.length * 2;
  let rotation = start.rotation;
  let translation = start.translation;
  const r0 = new Float64Array(m);
  const rPlus = new Float64Array(m);
  const rMinus = new Float64Array(m);
  let sum = residuals(points, rotation, translation, r0);
  let lambda = 1e-3;
  const apply = (p: number[]): { rotation: Matrix3; translation: Point3 } => ({
    rotation: multiply(rotation, rodrigues([p[0]!, p[1]!, p[2]!])),
    translation: [translation[0] + p[3]!, translation[1] + p[4]!, translation[2] + p[5]!],
  });
  for (let iteration = 0; iteration < 30; iteration++) {
    const J: number[][] = Array.from({ length: m }, () => new Array<number>(6).fill(0));
    for (let k = 0; k < 6; k++) {
      const h = k < 3 ? 1e-6 : 1e-6 * Math.max(1, Math.abs(translation[2]));
      const step = [0, 0, 0, 0, 0, 0];
      step[k] = h;
      const plus = apply(step);
      step[k] = -h;
      const minus = apply(step);
      residuals(points, plus.rotation, plus.translation, rPlus);
      residuals(points, minus.rotation, minus.translation, rMinus);
      for (let i = 0; i < m; i++) J[i]![k] = (rPlus[i]! - rMinus[i]!) / (2 * h);
    }
    const JtJ = Array.from({ length: 6 }, (_, r) => Array.from({ length: 6 }, (_, c) => J.reduce((s, row) => s + row[r]! * row[c]!, 0)));
    const Jtr = Array.from({ length: 6 }, (_, r) => J.reduce((s, row, i) => s + row[r]! * r0[i]!, 0));
    let improved = false;
    for (let attempt = 0; attempt < 10; attempt++) {
      const A = JtJ.map((row, r) => row.map((value, c) => (r === c ? value * (1 + lambda) + 1e-12 : value)));
      const delta = solve(A, Jtr.map((v) => -v));
      const candidate = apply(delta);
      const candidateSum = residuals(points, candidate.rotation, candidate.translation, rPlus);
      if (candidateSum < sum) {
        const gain = sum - candidateSum;
        rotation = candidate.rotation;
        translation = candidate.translation;
        sum = candidateSum;
        r0.set(rPlus);
        lambda = Math.max(lambda / 10, 1e-9);
        improved = true;
        if (gain < 1e-14) iteration = Infinity;
        break;
      }
      lambda *= 10;
    }
    if (!improved) break;
  }
  return { rotation, translation, sum };
}

/**
 * Pose of a face from its 68 landmarks in legacy-unit coordinates (the landmarks mapped by the
 * legacy alignment matrix), with the face and head centering offsets.
 */
export function estimatePose(normalizedLandmarks: readonly Point[]): PoseEstimate {
  if (normalizedLandmarks.length !== 68) throw new Error(`pose estimation needs 68 landmarks, got ${normalizedLandmarks.length}`);
  const points = POSE_LANDMARKS.map((i) => normalizedLandmarks[i]!);
  const { rotation, translation, sum } = refinePose(points, initialPose(points));
  const centre = (p: Point3): Point => {
    const [x, y] = projectPoint(p, rotation, translation);
    return [x - 0.5, y - 0.5];
  };
  // The nose axis (model z) in camera coordinates: its x and y components are where the nose points.
  const noseX = rotation[2], noseY = rotation[5], noseZ = rotation[8];
  return {
    rotation,
    translation,
    yaw: (Math.atan2(noseX, noseZ) * 180) / Math.PI,
    pitch: (Math.asin(Math.max(-1, Math.min(1, -noseY))) * 180) / Math.PI,
    offsets: { legacy: [0, 0], face: centre(FACE_CENTRE), head: centre(HEAD_CENTRE) },
    error: Math.sqrt(sum / points.length),
  };
}
