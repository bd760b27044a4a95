/**
 * Structural similarity of one image plane (Wang et al. 2004, as their reference code and SR papers
 * compute it): an 11×11 Gaussian window (σ 1.5), K1 0.01 and K2 0.03 of the values' dynamic range,
 * averaged over the window positions that fit inside the image ('valid'). Plain JavaScript, for
 * measuring a few images (validation faces, SR evaluation); losses use tensor ops.
 */
const SIZE = 11;

const WINDOW = (() => {
  const w = new Float64Array(SIZE * SIZE);
  const half = (SIZE - 1) / 2;
  let sum = 0;
  for (let y = 0; y < SIZE; y++) for (let x = 0; x < SIZE; x++) sum += w[y * SIZE + x] = Math.exp(-((x - half) ** 2 + (y - half) ** 2) / (2 * 1.5 * 1.5));
  for (let i = 0; i < w.length; i++) w[i]! /= sum;
  return w;
})();

/** Mean SSIM of two planes of `width`×`height` values; `range` is the values' dynamic range (1 for 0..1, 255 for 8-bit). */
export function planeSsim(a: ArrayLike<number>, b: ArrayLike<number>, width: number, height: number, range: number): number {
  if (width < SIZE || height < SIZE) throw new Error(`SSIM needs at least ${SIZE}×${SIZE} px, the images have ${width}×${height}`);
  const c1 = (0.01 * range) ** 2;
  const c2 = (0.03 * range) ** 2;
  let total = 0;
  for (let y = 0; y + SIZE <= height; y++) {
    for (let x = 0; x + SIZE <= width; x++) {
      let ma = 0, mb = 0, saa = 0, sbb = 0, sab = 0;
      for (let wy = 0; wy < SIZE; wy++) {
        const row = (y + wy) * width + x;
        for (let wx = 0; wx < SIZE; wx++) {
          const w = WINDOW[wy * SIZE + wx]!;
          const va = a[row + wx]!;
          const vb = b[row + wx]!;
          ma += w * va; mb += w * vb;
          saa += w * va * va; sbb += w * vb * vb; sab += w * va * vb;
        }
      }
      const va = saa - ma * ma;
      const vb = sbb - mb * mb;
      const cov = sab - ma * mb;
      total += ((2 * ma * mb + c1) * (2 * cov + c2)) / ((ma * ma + mb * mb + c1) * (va + vb + c2));
    }
  }
  return total / ((width - SIZE + 1) * (height - SIZE + 1));
}
