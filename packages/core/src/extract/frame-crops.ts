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
  // Source columns and weights, once per output column.
  const x0 = new Int32Array(size), x1 = new Int32Array(size), fx = new Float32Array(size);
  for (let c = 0; c < size; c++) {
    const source = c * step;
    x0[c] = Math.floor(source);
    x1[c] = Math.min(side - 1, Math.ceil(source));
    fx[c] = source - x0[c]!;
  }
  const pixel = (row: number, column: number, channel: number): number =>
    row < height && column < width ? data[(row * width + column) * 3 + channel]! : 0;
  let o = at;
  for (let r = 0; r < size; r++) {
    const source = r * step;
    const y0 = Math.floor(source), y1 = Math.min(side - 1, Math.ceil(source));
    const fy = source - y0;
    for (let c = 0; c < size; c++) {
      const a = x0[c]!, b = x1[c]!, wx = fx[c]!;
      for (let k = 0; k < 3; k++) {
        const topLeft = pixel(y0, a, k), topRight = pixel(y0, b, k), bottomLeft = pixel(y1, a, k), bottomRight = pixel(y1, b, k);
        const top = topLeft + (topRight - topLeft) * wx;
        const bottom = bottomLeft + (bottomRight - bottomLeft) * wx;
        out[o++] = (top + (bottom - top) * fy) * scale + offset;
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
 */
export function squareCropResized(frame: RgbPixels, box: PixelBox, size: number): Float32Array {
  const side = Math.max(box.width, box.height);
  const difference = side - Math.min(box.width, box.height);
  const before = difference - Math.round(difference * 0.5);
  const [left, top] = box.width < box.height ? [before, 0] : [0, before];
  const { width, data } = frame;
  const fround = Math.fround;
  const ratio = side / size;
  // The square's pixel (row, column, channel): the box's, or the padding's zero.
  const pixel = (row: number, column: number, channel: number): number => {
    const r = row - top, c = column - left;
    return r >= 0 && r < box.height && c >= 0 && c < box.width ? data[((box.y + r) * width + box.x + c) * 3 + channel]! : 0;
  };
  const lo = new Int32Array(size), hi = new Int32Array(size), frac = new Float32Array(size);
  for (let o = 0; o < size; o++) {
    const source = ratio * o;
    lo[o] = Math.max(0, Math.floor(source));
    hi[o] = Math.min(side - 1, Math.ceil(source));
    frac[o] = source - lo[o]!;
  }
  const out = new Float32Array(size * size * 3);
  let o = 0;
  for (let r = 0; r < size; r++) {
    const y0 = lo[r]!, y1 = hi[r]!, fr = frac[r]!;
    for (let c = 0; c < size; c++) {
      const x0 = lo[c]!, x1 = hi[c]!, fc = frac[c]!;
      for (let k = 0; k < 3; k++) {
        const tl = pixel(y0, x0, k), tr = pixel(y0, x1, k), bl = pixel(y1, x0, k), br = pixel(y1, x1, k);
        const t = fround(tl + fround((tr - tl) * fc)), b = fround(bl + fround((br - bl) * fc));
        out[o++] = fround(t + fround(fround(b - t) * fr));
      }
    }
  }
  return out;
}
