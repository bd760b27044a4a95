/**
 * Contrast Limited Adaptive Histogram Equalisation, following OpenCV's CLAHE on 8-bit data:
 * the image is split into grid×grid tiles (reflect-101 padded when the size does not divide),
 * each tile's 256-bin histogram is clipped at clipLimit·tileArea/256 with the excess spread over
 * all bins (the remainder one count at a time at a regular stride), its CDF becomes a lookup
 * table, and every pixel blends the tables of its four nearest tile centres bilinearly.
 * Input and output are floats on the 0..255 scale; input is binned by rounding.
 */
const BINS = 256;

function reflect101(i: number, n: number): number {
  if (n === 1) return 0;
  while (i < 0 || i >= n) i = i < 0 ? -i : 2 * (n - 1) - i;
  return i;
}

function tileLookupTables(bins: Uint8Array, width: number, height: number, grid: number, clipLimit: number) {
  const paddedWidth = width % grid === 0 ? width : width + grid - (width % grid);
  const paddedHeight = height % grid === 0 ? height : height + grid - (height % grid);
  const tileWidth = paddedWidth / grid;
  const tileHeight = paddedHeight / grid;
  const tileArea = tileWidth * tileHeight;
  const limit = clipLimit > 0 ? Math.max(Math.floor((clipLimit * tileArea) / BINS), 1) : 0;
  const scale = (BINS - 1) / tileArea;
  const luts = new Float32Array(grid * grid * BINS);
  const histogram = new Int32Array(BINS);

  for (let ty = 0; ty < grid; ty++) {
    for (let tx = 0; tx < grid; tx++) {
      histogram.fill(0);
      for (let y = ty * tileHeight; y < (ty + 1) * tileHeight; y++) {
        const row = reflect101(y, height) * width;
        for (let x = tx * tileWidth; x < (tx + 1) * tileWidth; x++) histogram[bins[row + reflect101(x, width)]!]!++;
      }
      if (limit > 0) {
        let clipped = 0;
        for (let i = 0; i < BINS; i++) {
          if (histogram[i]! > limit) {
            clipped += histogram[i]! - limit;
            histogram[i] = limit;
          }
        }
        const batch = Math.floor(clipped / BINS);
        let residual = clipped - batch * BINS;
        for (let i = 0; i < BINS; i++) histogram[i]! += batch;
        if (residual > 0) {
          const step = Math.max(Math.floor(BINS / residual), 1);
          for (let i = 0; i < BINS && residual > 0; i += step, residual--) histogram[i]!++;
        }
      }
      const base = (ty * grid + tx) * BINS;
      let sum = 0;
      for (let i = 0; i < BINS; i++) {
        sum += histogram[i]!;
        luts[base + i] = Math.min(255, Math.round(sum * scale));
      }
    }
  }
  return { luts, tileWidth, tileHeight };
}

/** CLAHE of one 0..255 channel stored with `stride` floats per pixel at `offset`; returns a new array of the same layout. */
export function claheChannel(
  data: Float32Array,
  width: number,
  height: number,
  stride: number,
  offset: number,
  grid: number,
  clipLimit = 2,
): Float32Array {
  const bins = new Uint8Array(width * height);
  for (let i = 0; i < bins.length; i++) {
    const v = Math.round(data[i * stride + offset]!);
    bins[i] = v < 0 ? 0 : v > 255 ? 255 : v;
  }
  const { luts, tileWidth, tileHeight } = tileLookupTables(bins, width, height, grid, clipLimit);
  const out = new Float32Array(data);
  for (let y = 0; y < height; y++) {
    const tyf = y / tileHeight - 0.5;
    const ty1 = Math.floor(tyf);
    const ya = tyf - ty1;
    const rowA = Math.max(ty1, 0) * grid;
    const rowB = Math.min(ty1 + 1, grid - 1) * grid;
    for (let x = 0; x < width; x++) {
      const txf = x / tileWidth - 0.5;
      const tx1 = Math.floor(txf);
      const xa = txf - tx1;
      const colA = Math.max(tx1, 0);
      const colB = Math.min(tx1 + 1, grid - 1);
      const v = bins[y * width + x]!;
      const top = luts[(rowA + colA) * BINS + v]! * (1 - xa) + luts[(rowA + colB) * BINS + v]! * xa;
      const bottom = luts[(rowB + colA) * BINS + v]! * (1 - xa) + luts[(rowB + colB) * BINS + v]! * xa;
      out[(y * width + x) * stride + offset] = top * (1 - ya) + bottom * ya;
    }
  }
  return out;
}
