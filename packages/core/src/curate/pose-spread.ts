/**
 * The pose and expression spread of a set of faces, as text: what matters most for training is
 * variety (faceswap's guide: faces from many angles, on both sides, with varied expressions).
 * Yaw and pitch histograms in 15° bins, and the share of open mouths.
 */
import type { FaceFacts } from './face-facts.js';
import { MOUTH_OPEN_THRESHOLD, mouthOpenRatio } from './mouth-open.js';

const BIN_DEGREES = 15;
const BAR_WIDTH = 30;

export interface PoseSpread {
  faces: number;
  /** Faces with a pose; yaw and pitch counts per bin, keyed by the bin's lower edge in degrees. */
  posed: number;
  yaw: Map<number, number>;
  pitch: Map<number, number>;
  /** Faces with landmarks, and how many of them have an open mouth. */
  withLandmarks: number;
  mouthOpen: number;
}

function histogram(values: number[]): Map<number, number> {
  const bins = new Map<number, number>();
  for (const value of values) {
    const bin = Math.floor(value / BIN_DEGREES) * BIN_DEGREES;
    bins.set(bin, (bins.get(bin) ?? 0) + 1);
  }
  return bins;
}

export function poseSpread(faces: FaceFacts[]): PoseSpread {
  const posed = faces.filter((f) => f.pose);
  const landmarked = faces.filter((f) => f.landmarks);
  return {
    faces: faces.length,
    posed: posed.length,
    yaw: histogram(posed.map((f) => f.pose!.yaw)),
    pitch: histogram(posed.map((f) => f.pose!.pitch)),
    withLandmarks: landmarked.length,
    mouthOpen: landmarked.filter((f) => mouthOpenRatio(f.landmarks!) >= MOUTH_OPEN_THRESHOLD).length,
  };
}

function histogramLines(title: string, bins: Map<number, number>, lowLabel: string, highLabel: string): string[] {
  if (bins.size === 0) return [];
  const edges = [...bins.keys()];
  const low = Math.min(...edges);
  const high = Math.max(...edges);
  const most = Math.max(...bins.values());
  const lines = [`${title} (${lowLabel} … ${highLabel}):`];
  for (let edge = low; edge <= high; edge += BIN_DEGREES) {
    const count = bins.get(edge) ?? 0;
    const bar = '#'.repeat(Math.round((count / most) * BAR_WIDTH));
    lines.push(`  ${String(edge).padStart(4)}° to ${String(edge + BIN_DEGREES).padStart(4)}°  ${String(count).padStart(5)}  ${bar}`);
  }
  return lines;
}

export function formatPoseSpread(spread: PoseSpread): string {
  const lines: string[] = [];
  if (spread.posed === 0) lines.push('pose: no face carries a pose (extract the faces with `faceforge extract` to get one)');
  else {
    lines.push(...histogramLines('yaw', spread.yaw, 'looking to the image\'s left', 'right'));
    lines.push(...histogramLines('pitch', spread.pitch, 'looking down', 'up'));
    const sides = [...spread.yaw].reduce((s, [edge, n]) => ({ left: s.left + (edge < -BIN_DEGREES ? n : 0), right: s.right + (edge >= BIN_DEGREES ? n : 0) }), { left: 0, right: 0 });
    if (sides.left === 0 || sides.right === 0) lines.push(`  few turned faces on one side (${sides.left} beyond -15°, ${sides.right} beyond +15°): add footage turned the other way`);
  }
  if (spread.withLandmarks > 0) {
    const percent = Math.round((100 * spread.mouthOpen) / spread.withLandmarks);
    lines.push(`mouth open (inner-lip gap ≥ ${MOUTH_OPEN_THRESHOLD} of its width): ${spread.mouthOpen} of ${spread.withLandmarks} faces (${percent} %)`);
  }
  return lines.join('\n');
}
