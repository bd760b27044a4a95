/**
 * ffmpeg's `image2pipe` PPM stream, cut into frames as the bytes arrive (decode-worker.ts reads it
 * off the main thread).
 */
import type { RgbPixels } from '../image/rgb-pixels.js';
import type { ErrorClass } from '../media/error-class.js';

/**
 * Parses a stream of PPM (P6, 8-bit) images as they arrive. Chunks are only joined once a whole
 * frame is there, so a large frame arriving in many small chunks is copied once, not per chunk.
 * Errors are `fail`s: the decoding thread passes plain Error, so it does not load core's error
 * classes (they bring @faceforge/packs, 0.3–0.7 s of loading before the first frame).
 */
export async function* ppmFrames(stream: NodeJS.ReadableStream, source: string, fail: ErrorClass): AsyncGenerator<RgbPixels> {
  let parts: Buffer[] = [];
  let length = 0;
  let header: { length: number; width: number; height: number } | undefined;
  const joined = (): Buffer => {
    if (parts.length > 1) parts = [Buffer.concat(parts, length)];
    return parts[0] ?? Buffer.alloc(0);
  };
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    parts.push(chunk);
    length += chunk.length;
    for (;;) {
      if (!header) {
        // "P6" width height maxval, whitespace separated, then one whitespace byte.
        const head = joined();
        const match = /^P6\s+(\d+)\s+(\d+)\s+(\d+)\s/.exec(head.toString('latin1', 0, Math.min(head.length, 64)));
        if (!match) {
          if (head.length >= 64 || (head.length >= 2 && head.toString('latin1', 0, 2) !== 'P6')) throw new fail(`${source}: ffmpeg sent an unexpected frame header`);
          break;
        }
        if (Number(match[3]) !== 255) throw new fail(`${source}: ffmpeg sent ${match[3]}-level frames, expected 8-bit`);
        header = { length: match[0].length, width: Number(match[1]), height: Number(match[2]) };
      }
      const size = header.length + header.width * header.height * 3;
      if (length < size) break;
      const all = joined();
      // Copy the frame out so the rest of the buffer can be released.
      yield { width: header.width, height: header.height, data: new Uint8Array(all.subarray(header.length, size)) };
      const rest = all.subarray(size);
      parts = rest.length ? [rest] : [];
      length = rest.length;
      header = undefined;
    }
  }
  if (length > 0) throw new fail(`${source}: the video ended inside a frame (${length} bytes left over)`);
}
