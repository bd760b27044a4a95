/**
 * face-api's identity descriptor (128-d, the one extraction stores in every face) of images that
 * are already faces: no detection, so a blurry or half-trained swap still gets a descriptor. Only
 * the recognition net is loaded. face-api runs on its own backend (wasm when the model trains on
 * cpu or native, see face-detector.ts); each call switches to it and back, so a trainer on
 * another backend can call it between steps.
 */
import { tf } from '../tf.js';
import type { Image } from '../image/image.js';
import { silentLogger, type Logger } from '../util/logger.js';
import { ExtractError } from '../util/errors.js';
import { chooseBackend, faceApiModelDir, loadFaceApi, netUsers } from './face-detector.js';

export interface FaceDescriber {
  /** The tfjs backend face-api runs on. */
  readonly backend: string;
  /** One descriptor per face image (RGB, values 0..1, any size: face-api resizes to 150 px). */
  describe(faces: readonly Image[]): Promise<number[][]>;
  /** Frees the recognition net (unless a detector still uses it). */
  close(): Promise<void>;
}

export async function createFaceDescriber(options: { backend?: string; log?: Logger } = {}): Promise<FaceDescriber> {
  const api = loadFaceApi();
  const previous = tf.getBackend();
  const backend = await chooseBackend(options.backend, options.log ?? silentLogger);
  const net = api.nets.faceRecognitionNet;
  try {
    if (!net.isLoaded) await net.loadFromDisk(faceApiModelDir());
  } catch (error) {
    throw new ExtractError(`cannot load face-api's recognition net from ${faceApiModelDir()}: ${(error as Error).message}`);
  } finally {
    if (previous && tf.getBackend() !== previous) await tf.setBackend(previous);
  }
  netUsers.set(net, (netUsers.get(net) ?? 0) + 1);
  let closed = false;
  return {
    backend,
    async describe(faces) {
      if (closed) throw new Error('face describer used after close()');
      const caller = tf.getBackend();
      if (caller !== backend) await tf.setBackend(backend);
      try {
        const descriptors: number[][] = [];
        for (const face of faces) {
          if (face.channels !== 3) throw new Error(`face describer: a face has ${face.channels} channels, not 3`);
          // face-api takes pixel values 0..255
          const pixels = Float32Array.from(face.data, (v) => Math.min(255, Math.max(0, v * 255)));
          const input = tf.tensor3d(pixels, [face.height, face.width, 3], 'float32');
          try {
            const descriptor = await net.computeFaceDescriptor(input as unknown as Parameters<typeof net.computeFaceDescriptor>[0]);
            descriptors.push(Array.from(descriptor as Float32Array));
          } finally {
            input.dispose();
          }
        }
        return descriptors;
      } finally {
        if (tf.getBackend() !== caller) await tf.setBackend(caller);
      }
    },
    async close() {
      if (closed) return;
      closed = true;
      const users = (netUsers.get(net) ?? 1) - 1;
      netUsers.set(net, users);
      if (users === 0 && net.isLoaded) net.dispose();
    },
  };
}
