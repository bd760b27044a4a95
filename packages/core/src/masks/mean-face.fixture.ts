import type { Point } from '../data/image.js';

/**
 * Test fixture: a plausible frontal 68-point face. Points 17–67 are the widely used mean face
 * (faceswap's `_MEAN_FACE`, normalised so brows span x 0..1 and the mouth ends at y ≈ 0.91);
 * the jaw (0–16), which that template omits, is a half-ellipse from ear to ear through a chin
 * below the mouth.
 */
const MEAN_FACE_CORE: readonly Point[] = [
  [0.010086, 0.106454], [0.085135, 0.038915], [0.191003, 0.018748], [0.300643, 0.034489], [0.40327, 0.077391],
  [0.596729, 0.077391], [0.699356, 0.034489], [0.808997, 0.018748], [0.914864, 0.038915], [0.989913, 0.106454],
  [0.5, 0.203352], [0.5, 0.307009], [0.5, 0.409805], [0.5, 0.515625],
  [0.376753, 0.587326], [0.435909, 0.609345], [0.5, 0.628106], [0.56409, 0.609345], [0.623246, 0.587326],
  [0.13161, 0.216423], [0.196995, 0.178758], [0.275698, 0.179852], [0.344479, 0.231733], [0.270791, 0.245099], [0.192616, 0.244077],
  [0.65552, 0.231733], [0.724301, 0.179852], [0.803005, 0.178758], [0.868389, 0.216423], [0.807383, 0.244077], [0.729208, 0.245099],
  [0.264022, 0.780233], [0.350858, 0.745405], [0.438731, 0.727388], [0.5, 0.742578], [0.561268, 0.727388], [0.649141, 0.745405],
  [0.735977, 0.780233], [0.652032, 0.864805], [0.566594, 0.902192], [0.5, 0.909281], [0.433405, 0.902192], [0.347967, 0.864805],
  [0.300252, 0.784792], [0.437969, 0.778746], [0.5, 0.785343], [0.56203, 0.778746], [0.699747, 0.784792], [0.563237, 0.824182],
  [0.5, 0.831803], [0.436763, 0.824182],
];

function meanFaceUnit(): Point[] {
  const jaw: Point[] = [];
  for (let i = 0; i < 17; i++) {
    const t = (Math.PI * i) / 16;
    jaw.push([0.5 - 0.58 * Math.cos(t), 0.22 + 0.98 * Math.sin(t)]);
  }
  return [...jaw, ...MEAN_FACE_CORE.map((p): Point => [p[0], p[1]])];
}

/** 68 landmarks for a face centred in a size×size crop (face ≈ 70 % of the width). */
export function meanFaceLandmarks(size: number): Point[] {
  return meanFaceUnit().map(([x, y]): Point => [(0.2 + 0.6 * x) * size, (0.12 + 0.6 * y) * size]);
}
