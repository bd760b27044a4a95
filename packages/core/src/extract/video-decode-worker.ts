/**
 * Worker thread of video-decoder.ts: runs ffmpeg and cuts its PPM stream into frames, off the
 * thread that runs the nets. While that thread is busy in a kernel it reads nothing, and a pipe
 * holds 64 KiB, so ffmpeg decoding on the main thread's loop stalls for most of a batch; here it
 * keeps decoding, up to `ahead` frames the main thread has not taken yet.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { spawnFfmpeg } from '../media/ffmpeg-process.js';
import { ppmFrames } from './ppm-frames.js';
import type { DecodeRequest, DecoderMessage } from './video-decoder.js';

const { args, path, aheadBytes } = workerData as DecodeRequest;
const port = parentPort!;
const send = (message: DecoderMessage, transfer: ArrayBuffer[] = []) => port.postMessage(message, transfer);

// Plain Error, not ExtractError: see ppm-frames.ts (the main thread throws the message as an ExtractError).
const ffmpeg = spawnFfmpeg(args, { stdin: 'ignore', fail: Error, keepStderr: 8000 });
/** Frames sent and not yet taken by the main thread; `room` resolves when it takes one. */
let waiting = 0;
let room: (() => void) | undefined;
port.on('message', (message: 'taken' | 'stop') => {
  if (message === 'stop') {
    ffmpeg.child.kill('SIGKILL');
    port.close();
    return;
  }
  waiting--;
  room?.();
});

try {
  for await (const pixels of ppmFrames(ffmpeg.child.stdout!, path, Error)) {
    // At least two frames ahead; more while they fit in `aheadBytes` (a 1080p frame is 6 MB).
    const ahead = Math.max(2, Math.floor(aheadBytes / pixels.data.byteLength));
    while (waiting >= ahead) await new Promise<void>((resolve) => (room = resolve));
    waiting++;
    // The frame's own buffer (ppmFrames copies each frame out) moves to the main thread: no copy.
    send({ kind: 'frame', width: pixels.width, height: pixels.height, data: pixels.data }, [pixels.data.buffer as ArrayBuffer]);
  }
  send({ kind: 'end', code: await ffmpeg.exited, stderr: ffmpeg.stderr() });
} catch (error) {
  ffmpeg.child.kill('SIGKILL');
  send({ kind: 'error', message: (error as Error).message });
}
