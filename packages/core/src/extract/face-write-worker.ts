/**
 * Worker thread of FaceWriter (face-writer-pool.ts): warps a frame's faces into their aligned
 * images and writes them as PNGs with their metadata, off the thread that runs the nets.
 */
import { parentPort } from 'node:worker_threads';
import { writeFaceFile } from '../data/face-writer.js';
import { warpFace } from './align-face.js';
import type { FaceWriteJob } from './face-writer-pool.js';
import { useNativeWarp } from './native-warp.js';

await useNativeWarp();

parentPort!.on('message', (job: FaceWriteJob) => {
  const work = job.faces.map((face) => writeFaceFile(face.path, warpFace(job.frame, face.matrix, face.size), face.metadata));
  Promise.all(work).then(
    () => parentPort!.postMessage({ id: job.id }),
    (error: Error) => parentPort!.postMessage({ id: job.id, error: error.message }),
  );
});
