/**
 * A video's frames decoded by ffmpeg on a worker thread (video-decode-worker.ts), so decoding
 * overlaps the nets instead of waiting for them: a 1080p frame takes ~28 ms to decode and pipe,
 * which on the main thread was a sixth of a tracked frame's time. Back-pressure: the worker stays
 * at most `aheadBytes` of frames ahead, so memory is flat however long the video.
 */
import { Worker } from 'node:worker_threads';
import type { RgbPixels } from '../image/rgb-pixels.js';
import { ExtractError } from '../util/errors.js';

/** How far decoding may run ahead of the nets: two 1080p batches of 8. */
export const DECODE_AHEAD_BYTES = 100 * 2 ** 20;

export interface DecodeRequest {
  /** ffmpeg's arguments (after -hide_banner -nostdin); it writes PPM frames to stdout. */
  args: string[];
  /** The video, for error messages. */
  path: string;
  aheadBytes: number;
}

export type DecoderMessage =
  | { kind: 'frame'; width: number; height: number; data: Uint8Array }
  | { kind: 'end'; code: number; stderr: string }
  | { kind: 'error'; message: string };

export interface DecodeEnd {
  /** ffmpeg's exit code (128 when killed by a signal). */
  code: number;
  /** The tail of ffmpeg's stderr. */
  stderr: string;
}

/**
 * The frames ffmpeg writes, in order; returns ffmpeg's exit code and stderr once it has ended.
 * Leaving the loop early stops ffmpeg and the worker.
 */
export async function* decodeVideo(args: string[], path: string, aheadBytes = DECODE_AHEAD_BYTES): AsyncGenerator<RgbPixels, DecodeEnd> {
  const worker = new Worker(new URL('./video-decode-worker.js', import.meta.url), { workerData: { args, path, aheadBytes } satisfies DecodeRequest });
  const queue: DecoderMessage[] = [];
  let wake: (() => void) | undefined;
  const push = (message: DecoderMessage) => {
    queue.push(message);
    wake?.();
  };
  worker.on('message', push);
  worker.on('error', (error) => push({ kind: 'error', message: `the decoding thread failed: ${error.message}` }));
  worker.on('exit', (code) => push({ kind: 'error', message: `the decoding thread stopped (exit code ${code})` }));
  try {
    for (;;) {
      while (queue.length === 0) await new Promise<void>((resolve) => (wake = resolve));
      const message = queue.shift()!;
      if (message.kind === 'error') throw new ExtractError(message.message);
      if (message.kind === 'end') return { code: message.code, stderr: message.stderr };
      worker.postMessage('taken');
      yield { width: message.width, height: message.height, data: message.data };
    }
  } finally {
    worker.removeAllListeners('exit');
    worker.postMessage('stop');
    await worker.terminate();
  }
}
