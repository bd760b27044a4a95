/**
 * The network inputs face-api builds with tfjs ops on a float copy of the whole frame (pad to a
 * square, bilinear resize, slice a face box), built here in JS straight from the 8-bit frame. A
 * 1080p frame is 6 M floats: face-api's path copies it to a tensor and resizes it on every call;
 * this reads only the pixels the network sees.
 */
import type { RgbPixels } from '../image/rgb-pixels.js';

/** A box of whole pixels inside the frame. */
export interface PixelBox {
  x: number;
  y: number;
  width: number;
  height: number;
}

/**
 * The frame padded to a square with zeros on the right or bottom, resized bilinearly to
 * size × size, then mapped by `scale`·v + `offset`: face-api's SSD input (NetInput.toBatchTensor(512,
 * false), tfjs's resizeBilinear without align-corners or half-pixel centres), written into `out`
 * at `at` (a batch's slot).
 */
export function squareResized(frame: RgbPixels, size: number, scale: number, offset: number, out: Float32Array, at = 0): void {
  const side = Math.max(frame.width, frame.height);
  const { width, height, data } = frame;
  const step = side / size;
  // Per output column, the byte offsets of its two source columns within a row (-1: the padding's
  // zeros) and its weight; per output row, the same for rows. Once, not per pixel.
  const left = new Int32Array(size), right = new Int32Array(size), fx = new Float32Array(size);
  for (let c = 0; c < size; c++) {
    const source = c * step;
    const x0 = Math.floor(source), x1 = Math.min(side - 1, Math.ceil(source));
    left[c] = x0 < width ? x0 * 3 : -1;
    right[c] = x1 < width ? x1 * 3 : -1;
    fx[c] = source - x0;
  }
  let o = at;
  for (let r = 0; r < size; r++) {
    const source = r * step;
    const y0 = Math.floor(source), y1 = Math.min(side - 1, Math.ceil(source));
    const fy = source - y0;
    const top = y0 < height ? y0 * width * 3 : -1, bottom = y1 < height ? y1 * width * 3 : -1;
    const rowsInside = top >= 0 && bottom >= 0;
    for (let c = 0; c < size; c++) {
      const a = left[c]!, b = right[c]!, wx = fx[c]!;
      if (rowsInside && a >= 0 && b >= 0) {
        // all four samples in the frame (all but the padding): no checks
        for (let k = 0; k < 3; k++) {
          const topLeft = data[top + a + k]!, topRight = data[top + b + k]!, bottomLeft = data[bottom + a + k]!, bottomRight = data[bottom + b + k]!;
          const upper = topLeft + (topRight - topLeft) * wx;
          const lower = bottomLeft + (bottomRight - bottomLeft) * wx;
          out[o++] = (upper + (lower - upper) * fy) * scale + offset;
        }
        continue;
      }
      for (let k = 0; k < 3; k++) {
        const topLeft = top >= 0 && a >= 0 ? data[top + a + k]! : 0, topRight = top >= 0 && b >= 0 ? data[top + b + k]! : 0;
        const bottomLeft = bottom >= 0 && a >= 0 ? data[bottom + a + k]! : 0, bottomRight = bottom >= 0 && b >= 0 ? data[bottom + b + k]! : 0;
        const upper = topLeft + (topRight - topLeft) * wx;
        const lower = bottomLeft + (bottomRight - bottomLeft) * wx;
        out[o++] = (upper + (lower - upper) * fy) * scale + offset;
      }
    }
  }
}

/** face-api's `Box.clipAtImageBorders`: the part of a box inside the frame, floored to whole pixels. */
export function clipBox(box: { x: number; y: number; width: number; height: number }, frameWidth: number, frameHeight: number): PixelBox {
  const x = Math.max(box.x, 0), y = Math.max(box.y, 0);
  const width = Math.min(box.x + box.width - x, frameWidth - x);
  const height = Math.min(box.y + box.height - y, frameHeight - y);
  return { x: Math.floor(x), y: Math.floor(y), width: Math.floor(width), height: Math.floor(height) };
}

/**
 * A clipped box's pixels padded with zeros to a square, as face-api's padToSquare centres it (the
 * odd pixel after), and resized bilinearly to size × size: the input face-api's NetInput makes of
 * a face crop for its landmark and recognition nets (tfjs's resizeBilinear, no align-corners or
 * half-pixel centres), with the native backend's float32 arithmetic, so the nets get the same
 * floats. Made in one pass that reads only the pixels it samples: a face box on a 1080p frame is
 * ~400 px a side, and cut at full size it made a tensor of a new size for every face (the native
 * backend recycles buffers by size: its pool filled with them) and a resize on every call.
 * Written into `out` at `at` (a batch's slot); returns `out`.
 */
export function squareCropResized(frame: RgbPixels, box: PixelBox, size: number, out = new Float32Array(size * size * 3), at = 0): Float32Array {
  const side = Math.max(box.width, box.height);
  const difference = side - Math.min(box.width, box.height);
  const before = difference - Math.round(difference * 0.5);
  const [padLeft, padTop] = box.width < box.height ? [before, 0] : [0, before];
  const { width, data } = frame;
  const fround = Math.fround;
  const ratio = side / size;
  // Per output row and column (the square is square: one mapping for both), the byte offsets of
  // the two source rows and columns in the frame (-1: the padding's zeros) and the weight.
  const frac = new Float32Array(size);
  const columnLo = new Int32Array(size), columnHi = new Int32Array(size), rowLo = new Int32Array(size), rowHi = new Int32Array(size);
  for (let o = 0; o < size; o++) {
    const source = ratio * o;
    const lo = Math.max(0, Math.floor(source)), hi = Math.min(side - 1, Math.ceil(source));
    frac[o] = source - lo;
    const cl = lo - padLeft, ch = hi - padLeft, rl = lo - padTop, rh = hi - padTop;
    columnLo[o] = cl >= 0 && cl < box.width ? (box.x + cl) * 3 : -1;
    columnHi[o] = ch >= 0 && ch < box.width ? (box.x + ch) * 3 : -1;
    rowLo[o] = rl >= 0 && rl < box.height ? (box.y + rl) * width * 3 : -1;
    rowHi[o] = rh >= 0 && rh < box.height ? (box.y + rh) * width * 3 : -1;
  }
  let o = at;
  for (let r = 0; r < size; r++) {
    const y0 = rowLo[r]!, y1 = rowHi[r]!, fr = frac[r]!;
    const rowsInside = y0 >= 0 && y1 >= 0;
    for (let c = 0; c < size; c++) {
      const x0 = columnLo[c]!, x1 = columnHi[c]!, fc = frac[c]!;
      if (rowsInside && x0 >= 0 && x1 >= 0) {
        // all four samples in the frame (most of a crop): no padding checks
        const a = y0 + x0, b = y0 + x1, d = y1 + x0, e = y1 + x1;
        for (let k = 0; k < 3; k++) {
          const tl = data[a + k]!, tr = data[b + k]!, bl = data[d + k]!, br = data[e + k]!;
          const t = fround(tl + fround((tr - tl) * fc)), u = fround(bl + fround((br - bl) * fc));
          out[o++] = fround(t + fround(fround(u - t) * fr));
        }
        continue;
      }
      for (let k = 0; k < 3; k++) {
        const tl = y0 >= 0 && x0 >= 0 ? data[y0 + x0 + k]! : 0, tr = y0 >= 0 && x1 >= 0 ? data[y0 + x1 + k]! : 0;
        const bl = y1 >= 0 && x0 >= 0 ? data[y1 + x0 + k]! : 0, br = y1 >= 0 && x1 >= 0 ? data[y1 + x1 + k]! : 0;
        const t = fround(tl + fround((tr - tl) * fc)), b = fround(bl + fround((br - bl) * fc));
        out[o++] = fround(t + fround(fround(b - t) * fr));
      }
    }
  }
  return out;
}
