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
 * odd pixel after): what its landmark and recognition nets resize. Cut here, every input of a
 * net is a square, so the tensors built from it come in few sizes (the native backend recycles
 * its buffers by size: a new size for every face box kept adding to its pool on long videos).
 */
export function squareCrop(frame: RgbPixels, box: PixelBox): { data: Float32Array; side: number } {
  const side = Math.max(box.width, box.height);
  const difference = side - Math.min(box.width, box.height);
  const before = difference - Math.round(difference * 0.5);
  const [left, top] = box.width < box.height ? [before, 0] : [0, before];
  const out = new Float32Array(side * side * 3);
  const rowLength = box.width * 3;
  for (let r = 0; r < box.height; r++) {
    const start = ((box.y + r) * frame.width + box.x) * 3;
    out.set(frame.data.subarray(start, start + rowLength), ((top + r) * side + left) * 3);
  }
  return { data: out, side };
}
