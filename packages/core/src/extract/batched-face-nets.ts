/**
 * face-api's three nets run on batches: the SSD detector on several frames at once with the
 * non-maximum suppression done per frame (face-api's `locateFaces` keeps only a batch's first
 * item), and the landmark and recognition nets on every face of several frames at once.
 *
 * The SSD forward pass is face-api's MobileNet v1 + prediction layers rebuilt from its own
 * weights with fused kernels: each convolution's bias (or folded batch norm) and ReLU6 run
 * inside the convolution, where face-api runs a convolution, then an Add, a BatchNorm and a
 * ClipByValue over the whole activation (on native those element-wise passes cost as much as the
 * convolutions). The box decoding, score threshold, NMS and box scaling follow face-api's
 * `SsdMobilenetv1.locateFaces` step by step, so the same frame gives the same faces. The landmark
 * and recognition nets are rebuilt the same way (fused-landmark-net.ts, fused-recognition-net.ts),
 * fed the crops face-api would cut, normalised as it normalises them (face-net-input.ts).
 */
import type * as FaceApi from '@vladmandic/face-api/dist/face-api.node-wasm.js';
import { tf } from '../tf.js';
import type { Point } from '../data/image.js';
import type { RgbPixels } from '../image/rgb-pixels.js';
import { clipBox, squareResized, type PixelBox } from './frame-crops.js';
import { faceNetBatch } from './face-net-input.js';
import { FusedLandmarkNet, LANDMARK_INPUT } from './fused-landmark-net.js';
import { FusedRecognitionNet, RECOGNITION_INPUT } from './fused-recognition-net.js';

type FaceApiModule = typeof FaceApi;
type Tensor = tf.Tensor;
type Tensor1D = tf.Tensor1D;
type Tensor4D = tf.Tensor4D;

/** SSD input side (face-api's). */
const SSD_SIZE = 512;
/** face-api's SSD defaults: at most 100 boxes, NMS at IoU 0.5. */
const SSD_MAX_RESULTS = 100;
const SSD_IOU = 0.5;
/** face-api's batch-norm epsilon in the MobileNet's depthwise layers. */
const BATCH_NORM_EPSILON = 0.0010000000474974513;

/** A face box the way face-api's FaceDetection holds it: frame pixels, not clipped, not rounded. */
export interface FoundBox {
  x: number;
  y: number;
  width: number;
  height: number;
  score: number;
}

interface Fused {
  filter: Tensor;
  bias: Tensor1D;
  strides: [number, number];
}

interface FusedSsd {
  backbone: { layer: Fused; depthwise: boolean }[];
  prediction: Fused[];
  boxPredictors: { box: Fused; cls: Fused }[];
  /** The anchors (face-api's output_layer.extra_dim), ymin xmin ymax xmax each. */
  anchors: Float32Array;
}

/* eslint-disable @typescript-eslint/no-explicit-any -- face-api's param objects are untyped here: its typings carry their own tfjs */
/** face-api's weights with each batch norm folded into its convolution (scale into the filter, the rest into the bias). */
function fuseSsd(params: any): FusedSsd {
  const pointwise = (p: any, strides: [number, number]): Fused => ({ filter: p.filters.clone(), bias: p.batch_norm_offset.clone(), strides });
  const depthwise = (p: any, strides: [number, number]): Fused => {
    const [filter, bias] = tf.tidy(() => {
      const scale = tf.div(p.batch_norm_scale, tf.sqrt(tf.add(p.batch_norm_variance, BATCH_NORM_EPSILON))) as Tensor1D;
      const channels = (p.filters.shape as number[])[2]!;
      return [tf.mul(p.filters, tf.reshape(scale, [1, 1, channels, 1])), tf.sub(p.batch_norm_offset, tf.mul(p.batch_norm_mean, scale))];
    });
    return { filter: filter!, bias: bias as Tensor1D, strides };
  };
  const conv = (p: any): Fused => ({ filter: p.filters.clone(), bias: p.bias.clone(), strides: [1, 1] });
  const m = params.mobilenetv1;
  const backbone: FusedSsd['backbone'] = [{ layer: pointwise(m.conv_0, [2, 2]), depthwise: false }];
  for (let i = 1; i <= 13; i++) {
    const strides: [number, number] = [2, 4, 6, 12].includes(i) ? [2, 2] : [1, 1];
    backbone.push({ layer: depthwise(m[`conv_${i}`].depthwise_conv, strides), depthwise: true });
    backbone.push({ layer: pointwise(m[`conv_${i}`].pointwise_conv, [1, 1]), depthwise: false });
  }
  const p = params.prediction_layer;
  const prediction = [0, 1, 2, 3, 4, 5, 6, 7].map((i) => pointwise(p[`conv_${i}`], i % 2 === 1 ? [2, 2] : [1, 1]));
  const boxPredictors = [0, 1, 2, 3, 4, 5].map((i) => ({ box: conv(p[`box_predictor_${i}`].box_encoding_predictor), cls: conv(p[`box_predictor_${i}`].class_predictor) }));
  return { backbone, prediction, boxPredictors, anchors: Float32Array.from(params.output_layer.extra_dim.dataSync() as Float32Array) };
}
/* eslint-enable @typescript-eslint/no-explicit-any */

function fusedConv(x: Tensor4D, layer: Fused, depthwise: boolean, activation: 'relu6' | 'linear'): Tensor4D {
  const args = { x, filter: layer.filter as tf.Tensor4D, strides: layer.strides, pad: 'same' as const, bias: layer.bias, activation };
  return depthwise ? tf.fused.depthwiseConv2d(args) : tf.fused.conv2d(args);
}

/** Boxes (ymin, xmin, ymax, xmax, relative to the padded square) and scores of every anchor, per batch item. */
function ssdForward(ssd: FusedSsd, batch: Tensor4D): { boxes: Float32Array; scores: Float32Array; anchors: number } {
  const [boxes, scores] = tf.tidy((): Tensor[] => {
    let out = batch;
    let conv11: Tensor4D | undefined;
    for (const [i, { layer, depthwise }] of ssd.backbone.entries()) {
      const next = fusedConv(out, layer, depthwise, 'relu6');
      // Each activation freed once used (not at the tidy's end), so the backend's pool hands its
      // buffer to a later layer instead of every layer paying fresh pages.
      if (out !== batch && out !== conv11) out.dispose();
      out = next;
      if (i === 22) conv11 = out; // the 11th depthwise/pointwise pair's output
    }
    const convs: Tensor4D[] = [];
    let x = out;
    for (const layer of ssd.prediction) {
      x = fusedConv(x, layer, false, 'relu6');
      convs.push(x);
    }
    const sources = [conv11!, out, convs[1]!, convs[3]!, convs[5]!, convs[7]!];
    const n = batch.shape[0];
    const boxParts = sources.map((s, i) => tf.reshape(fusedConv(s, ssd.boxPredictors[i]!.box, false, 'linear'), [n, -1, 4]));
    const classParts = sources.map((s, i) => tf.reshape(fusedConv(s, ssd.boxPredictors[i]!.cls, false, 'linear'), [n, -1, 3]));
    return [tf.concat(boxParts, 1), tf.sigmoid(tf.slice(tf.concat(classParts, 1), [0, 0, 1], [-1, -1, 1]))];
  });
  const encoded = boxes!.dataSync() as Float32Array;
  const anchors = boxes!.shape[1]!;
  const result = { boxes: decodeBoxes(encoded, ssd.anchors, anchors), scores: scores!.dataSync() as Float32Array, anchors };
  boxes!.dispose();
  scores!.dispose();
  return result;
}

/**
 * face-api's outputLayer box decoding, in JS over the read-back encodings (tfjs's unstack of
 * 5,118 × 4 values runs on the cpu backend's JS kernel and costs more than the maths): each anchor
 * (ymin, xmin, ymax, xmax) moved and scaled by its encoding, for every batch item.
 */
function decodeBoxes(encoded: Float32Array, anchor: Float32Array, anchors: number): Float32Array {
  const out = new Float32Array(encoded.length);
  for (let i = 0; i < encoded.length / 4; i++) {
    const a = (i % anchors) * 4, e = i * 4;
    // each step rounded to float32, as the tfjs ops face-api chains round it
    const f = Math.fround;
    const sizeY = f(anchor[a + 2]! - anchor[a]!), sizeX = f(anchor[a + 3]! - anchor[a + 1]!);
    const centerY = f(anchor[a]! + f(sizeY / 2)), centerX = f(anchor[a + 1]! + f(sizeX / 2));
    const halfY = f(f(f(Math.exp(f(encoded[e + 2]! / 5))) * sizeY) / 2), halfX = f(f(f(Math.exp(f(encoded[e + 3]! / 5))) * sizeX) / 2);
    const midY = f(f(f(encoded[e]! / 10) * sizeY) + centerY), midX = f(f(f(encoded[e + 1]! / 10) * sizeX) + centerX);
    out[e] = midY - halfY;
    out[e + 1] = midX - halfX;
    out[e + 2] = midY + halfY;
    out[e + 3] = midX + halfX;
  }
  return out;
}

/** face-api's IOU of two anchors' boxes (min/max taken, as it does). */
function iou(boxes: Float32Array, i: number, j: number): number {
  const yminI = Math.min(boxes[i * 4]!, boxes[i * 4 + 2]!), xminI = Math.min(boxes[i * 4 + 1]!, boxes[i * 4 + 3]!);
  const ymaxI = Math.max(boxes[i * 4]!, boxes[i * 4 + 2]!), xmaxI = Math.max(boxes[i * 4 + 1]!, boxes[i * 4 + 3]!);
  const yminJ = Math.min(boxes[j * 4]!, boxes[j * 4 + 2]!), xminJ = Math.min(boxes[j * 4 + 1]!, boxes[j * 4 + 3]!);
  const ymaxJ = Math.max(boxes[j * 4]!, boxes[j * 4 + 2]!), xmaxJ = Math.max(boxes[j * 4 + 1]!, boxes[j * 4 + 3]!);
  const areaI = (ymaxI - yminI) * (xmaxI - xminI), areaJ = (ymaxJ - yminJ) * (xmaxJ - xminJ);
  if (areaI <= 0 || areaJ <= 0) return 0;
  const overlap = Math.max(Math.min(ymaxI, ymaxJ) - Math.max(yminI, yminJ), 0) * Math.max(Math.min(xmaxI, xmaxJ) - Math.max(xminI, xminJ), 0);
  return overlap / (areaI + areaJ - overlap);
}

/** face-api's non-maximum suppression (ssdMobilenetv1/nonMaxSuppression.ts) on one image's anchors; the boxes read once, not per pair. */
export function nonMaxSuppression(boxes: Float32Array, scores: Float32Array, maxOutput: number, iouThreshold: number, scoreThreshold: number): number[] {
  const candidates: { score: number; index: number }[] = [];
  for (let i = 0; i < scores.length; i++) if (scores[i]! > scoreThreshold) candidates.push({ score: scores[i]!, index: i });
  candidates.sort((p, q) => q.score - p.score);
  const selected: number[] = [];
  const outputSize = Math.min(maxOutput, scores.length);
  for (const candidate of candidates) {
    if (selected.length >= outputSize) break;
    let score = candidate.score;
    for (let j = selected.length - 1; j >= 0; j--) {
      const overlap = iou(boxes, candidate.index, selected[j]!);
      if (overlap === 0) continue;
      if (overlap > iouThreshold) score = 0;
      if (score <= scoreThreshold) break;
    }
    if (score === candidate.score) selected.push(candidate.index);
  }
  return selected;
}

export interface LandmarkRequest {
  frame: RgbPixels;
  /** The face box the landmark net crops (a detection's, or one following a tracked face). */
  box: { x: number; y: number; width: number; height: number };
}

export class BatchedFaceNets {
  /** Each folded on first use: a run may need only some of them. */
  private ssd: FusedSsd | undefined;
  private landmarkNet: FusedLandmarkNet | undefined;
  private recognitionNet: FusedRecognitionNet | undefined;

  constructor(private readonly api: FaceApiModule) {}

  /** Every face face-api's SSD finds in each frame (its boxes and scores, in its order), one batch through the network. */
  detect(frames: readonly RgbPixels[], minConfidence: number): FoundBox[][] {
    if (frames.length === 0) return [];
    const plane = SSD_SIZE * SSD_SIZE * 3;
    const input = new Float32Array(frames.length * plane);
    frames.forEach((frame, i) => squareResized(frame, SSD_SIZE, 1 / 127.5, -1, input, i * plane));
    const batch = tf.tensor4d(input, [frames.length, SSD_SIZE, SSD_SIZE, 3]);
    this.ssd ??= fuseSsd(this.api.nets.ssdMobilenetv1.params);
    const { boxes, scores, anchors } = ssdForward(this.ssd, batch);
    batch.dispose();
    return frames.map((frame, i) => {
      const own = boxes.subarray(i * anchors * 4, (i + 1) * anchors * 4);
      const ownScores = scores.subarray(i * anchors, (i + 1) * anchors);
      const kept = nonMaxSuppression(own, ownScores, SSD_MAX_RESULTS, SSD_IOU, minConfidence);
      // face-api's locateFaces: clamp to the padded square, undo the padding, scale to the frame
      const scale = SSD_SIZE / Math.max(frame.width, frame.height);
      const padX = SSD_SIZE / Math.round(frame.width * scale), padY = SSD_SIZE / Math.round(frame.height * scale);
      return kept.map((k): FoundBox => {
        const top = Math.max(0, own[k * 4]!) * padY, bottom = Math.min(1, own[k * 4 + 2]!) * padY;
        const left = Math.max(0, own[k * 4 + 1]!) * padX, right = Math.min(1, own[k * 4 + 3]!) * padX;
        return { x: left * frame.width, y: top * frame.height, width: (right - left) * frame.width, height: (bottom - top) * frame.height, score: ownScores[k]! };
      });
    });
  }

  /** 68 landmarks in frame pixels for each face box, one batch through the landmark net (face-api's crop and shift). */
  landmarks(requests: readonly LandmarkRequest[]): (Point[] | undefined)[] {
    const net = (this.landmarkNet ??= new FusedLandmarkNet(this.api.nets.faceLandmark68Net));
    return this.throughNet(requests, LANDMARK_INPUT, (batch) => net.forward(batch), (values, i, crop) => {
      const { box } = requests[i]!;
      // face-api: relative positions in the crop (its padding taken off as an even half on each
      // side) × the crop's size, shifted by the (unfloored) box corner. The net saw the square.
      const side = Math.max(crop.width, crop.height), half = (side - Math.min(crop.width, crop.height)) / 2;
      const [padX, padY] = crop.width < crop.height ? [half, 0] : [0, half];
      return Array.from({ length: 68 }, (_, p): Point => [values[p * 2]! * side - padX + box.x, values[p * 2 + 1]! * side - padY + box.y]);
    }, 136);
  }

  /** 128-d descriptors, one batch through the recognition net, each face cut where face-api cuts it (its dlib-style box from the landmarks). */
  descriptors(requests: readonly { frame: RgbPixels; landmarks: readonly Point[] }[]): number[][] {
    const net = (this.recognitionNet ??= FusedRecognitionNet.fromFaceApi(this.api.nets.faceRecognitionNet));
    const results = this.throughNet(requests.map((r) => ({ frame: r.frame, box: dlibBox(r.landmarks) })), RECOGNITION_INPUT, (batch) => net.forward(batch), (values) => Array.from(values), 128);
    return results.map((d) => d ?? new Array<number>(128).fill(0));
  }

  private throughNet<T>(
    items: readonly { frame: RgbPixels; box: { x: number; y: number; width: number; height: number } }[],
    inputSize: number,
    forward: (batch: tf.Tensor4D) => Float32Array,
    read: (values: Float32Array, index: number, crop: PixelBox) => T,
    width: number,
  ): (T | undefined)[] {
    const crops = items.map((item) => clipBox(item.box, item.frame.width, item.frame.height));
    const usable = crops.map((crop, i) => ({ crop, i, frame: items[i]!.frame })).filter(({ crop }) => crop.width > 0 && crop.height > 0);
    const results: (T | undefined)[] = items.map(() => undefined);
    if (usable.length === 0) return results;
    const batch = faceNetBatch(usable, inputSize);
    try {
      const values = forward(batch);
      usable.forEach(({ crop, i }, row) => {
        results[i] = read(values.subarray(row * width, (row + 1) * width), i, crop);
      });
    } finally {
      batch.dispose();
    }
    return results;
  }

  dispose(): void {
    this.landmarkNet?.dispose();
    this.recognitionNet?.dispose();
    this.landmarkNet = this.recognitionNet = undefined;
    if (!this.ssd) return;
    for (const { layer } of this.ssd.backbone) (layer.filter.dispose(), layer.bias.dispose());
    for (const layer of this.ssd.prediction) (layer.filter.dispose(), layer.bias.dispose());
    for (const { box, cls } of this.ssd.boxPredictors) (box.filter.dispose(), box.bias.dispose(), cls.filter.dispose(), cls.bias.dispose());
  }
}

const mean = (points: readonly Point[]): Point => {
  let x = 0, y = 0;
  for (const p of points) (x += p[0], y += p[1]);
  return [x / points.length, y / points.length];
};

/** face-api's `FaceLandmarks.alignDlib` box: sized by the eye-to-mouth distance around the eyes' and mouth's centre. */
export function dlibBox(landmarks: readonly Point[]): { x: number; y: number; width: number; height: number } {
  const leftEye = mean(landmarks.slice(36, 42)), rightEye = mean(landmarks.slice(42, 48)), mouth = mean(landmarks.slice(48, 68));
  const toMouth = (p: Point) => Math.hypot(mouth[0] - p[0], mouth[1] - p[1]);
  const size = Math.floor((toMouth(leftEye) + toMouth(rightEye)) / 2 / 0.45);
  const centre = mean([leftEye, rightEye, mouth]);
  return { x: Math.floor(Math.max(0, centre[0] - 0.5 * size)), y: Math.floor(Math.max(0, centre[1] - 0.43 * size)), width: size, height: size };
}
