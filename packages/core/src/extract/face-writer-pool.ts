/**
 * Aligned faces warped and written off the main thread, on worker threads (the warp is JS, up to
 * 4 samples a pixel from a 1080p frame; the PNG encoding runs on sharp's threads), so the nets go
 * on with the next frames meanwhile. Two writers by default: one was the bottleneck on a 1080p
 * clip (the nets waited on it for half the run while a core sat idle). At most `inFlight` frames
 * wait at once (12: the nets hand over a batch of 8 frames at a time, and the writers work through
 * them while the nets run the next batch): the caller's `write` waits for room, so memory stays
 * flat however long the video (at 1080p, 75 MB of frames).
 * Frames go to the writers in turn; each frame's `written` settles on its own.
 */
import { Worker } from 'node:worker_threads';
import type { AffineMatrix } from '../image/affine.js';
import type { RgbPixels } from '../image/rgb-pixels.js';
import type { FaceMetadata } from '../data/face-metadata.js';
import { ExtractError } from '../util/errors.js';

export interface FaceWriteJob {
  id: number;
  frame: RgbPixels;
  faces: { path: string; matrix: AffineMatrix; size: number; metadata: FaceMetadata }[];
}

export class FaceWriterPool {
  private readonly workers: Worker[];
  private readonly waiting = new Map<number, { resolve: () => void; reject: (error: Error) => void }>();
  private readonly pending: Promise<void>[] = [];
  private nextId = 0;
  private failure: Error | undefined;

  constructor(writers = 2, private readonly inFlight = 12) {
    this.workers = Array.from({ length: writers }, () => {
      const worker = new Worker(new URL('./face-write-worker.js', import.meta.url));
      worker.on('message', (message: { id: number; error?: string }) => {
        const waiter = this.waiting.get(message.id)!;
        this.waiting.delete(message.id);
        if (message.error) waiter.reject(new ExtractError(message.error));
        else waiter.resolve();
      });
      worker.on('error', (error) => {
        this.failure = error;
        for (const waiter of this.waiting.values()) waiter.reject(error);
        this.waiting.clear();
      });
      return worker;
    });
  }

  /**
   * Queues one frame's faces; resolves once there is room for the next frame. The returned
   * `written` settles when these faces are on disk. The frame's pixels move to the writer's
   * thread when they own their buffer (not copied: a 1080p frame is 6 MB), and can no longer be
   * read here.
   */
  async write(frame: RgbPixels, faces: FaceWriteJob['faces']): Promise<{ written: Promise<void> }> {
    if (this.failure) throw this.failure;
    const id = this.nextId++;
    const written = new Promise<void>((resolve, reject) => this.waiting.set(id, { resolve, reject }));
    // A failure is reported through `written`; the queue only waits for it to settle.
    this.pending.push(written.catch(() => undefined));
    const { data } = frame;
    const ownsBuffer = data.byteOffset === 0 && data.byteLength === data.buffer.byteLength && data.buffer instanceof ArrayBuffer;
    const job: FaceWriteJob = { id, frame: { width: frame.width, height: frame.height, data }, faces };
    this.workers[id % this.workers.length]!.postMessage(job, ownsBuffer ? [data.buffer as ArrayBuffer] : []);
    if (this.pending.length >= this.inFlight) await this.pending.shift();
    return { written };
  }

  /** Waits for every queued face, then stops the workers. */
  async close(): Promise<void> {
    await Promise.all(this.pending);
    await Promise.all(this.workers.map((worker) => worker.terminate()));
  }
}
