/**
 * The data that moves through convert and the shapes of what convert plugins register:
 * frames (8-bit RGB, the way they come from and go to ffmpeg and sharp), the faces found in them,
 * the swapped faces, and the colour adjustments and writers.
 */
import type { Image, Point } from '../data/image.js';
import type { Centering, StoredMask } from '../data/face-metadata.js';
import type { AffineMatrix } from '../image/affine.js';
import type { ConfigValues } from '../config/ini-file.js';
import type { FaceSwapModel, Side } from '../model/face-swap-model.js';
import type { ModelState } from '../train/model-state.js';
import type { Logger } from '../util/logger.js';
import type { Tf } from '../tf.js';
import type { CenteringOffsets } from '../extract/centering.js';
import type { IdentityFilter } from '../extract/identity-filter.js';
import type { ModelFraming } from './model-framing.js';
import type { RgbPixels } from '../image/rgb-pixels.js';

/** A video frame or photo: 8-bit RGB, interleaved. Kept as bytes so unswapped pixels stay bit-identical. */
export type RgbFrame = RgbPixels;

/** What the input is: a video (one file) or a folder of images (or one image). */
export interface MediaInfo {
  path: string;
  kind: 'video' | 'images';
  /** Frame size of a video; of the first image for a folder (images may differ). */
  width: number;
  height: number;
  /** Video frame rate as a fraction (e.g. 24000/1001); absent for images. */
  fps?: { num: number; den: number };
  /** Frames in the video (estimated from duration × fps), or the number of images. */
  frameCount: number;
  /** Duration in seconds (videos). */
  duration?: number;
  /** The first audio stream of a video, when there is one. */
  audio?: { codec: string };
  /** Image files, sorted (image input). */
  files?: string[];
}

/** One frame read from the input. */
export interface SourceFrame {
  /** 0-based frame index in the video, or position of the image in the sorted folder. */
  index: number;
  /** The frame's key in an alignments file: the frame number for a video, the file name for an image. */
  key: string;
  /** Output name without extension: `<video stem>_<index + 1, 6 digits>` or the image's own stem. */
  name: string;
  /** The image file the frame came from (image input). */
  file?: string;
  image: RgbFrame;
}

/** A face found in a frame, aligned the way extraction aligns faces. */
export interface LocatedFace {
  /** Index of the face among the frame's faces. */
  index: number;
  /** 2×3 affine from frame pixels to the aligned face's pixels (`size` × `size`). */
  matrix: AffineMatrix;
  /** Side of the aligned face the matrix maps to (the extracted face size). */
  size: number;
  centering: Centering;
  /**
   * Pose offsets of each centering from extraction (extract/pose.ts): with them the model's own
   * centering is cut out of the aligned face exactly as training cuts it. Without them (a fixed
   * box, a plain image) the face is centre-cropped, as training crops plain images.
   */
  offsets?: CenteringOffsets;
  /** 68 landmarks in aligned-face pixels, when the locator has them. */
  landmarks?: Point[];
  /** Masks stored with the face (extraction, mask tool), each in the aligned face's frame. */
  masks?: Record<string, StoredMask>;
  /** 128-d identity descriptor (face-api), when known: used by `--identity`. */
  descriptor?: number[];
}

/** A frame and the faces that will be swapped in it (what `beforeSwap` sees). */
export interface ConvertFrame {
  source: SourceFrame;
  faces: LocatedFace[];
}

/**
 * A swapped face ready to blend: `image` (RGB) and `mask` (1 channel) at the same resolution,
 * `matrix` mapping frame pixels onto that resolution.
 */
export interface SwappedFace {
  located: LocatedFace;
  image: Image;
  mask: Image;
  matrix: AffineMatrix;
}

/** Everything a convert run knows, handed to every hook. */
export interface ConvertRun {
  input: string;
  output: string;
  modelDir: string;
  model: FaceSwapModel;
  state: ModelState;
  /** Decoder the faces go through: 'b' swaps A to B, 'a' with --swap-model. */
  decoder: Side;
  /** How the model frames faces: its locked centering and coverage. */
  framing: ModelFraming;
  media: MediaInfo;
  /** Resolved values of every convert section (and the rest of the ini when one was given). */
  config: ConfigValues;
  /** Colour adjustment name (`--color-adjustment`). */
  colourAdjustment: string;
  /** Registered upscaler name (`--upscaler`), if any. */
  upscaler?: string;
  /** `--identity`: only faces of the reference person are swapped. */
  identity?: IdentityFilter;
  log: Logger;
}

/** Context of the `upscale` hook: runs inside tf.tidy, on the batch of swapped faces. */
export interface UpscaleContext {
  tf: Tf;
  run: ConvertRun;
}

/** Context of the `adjustColour` hook, all images at the swapped face's resolution. */
export interface ColourContext {
  /** The frame's own face under the same alignment: the colours to match. */
  original: Image;
  /** The face mask before blur (1 channel): where to measure colours. */
  mask: Image;
  run: ConvertRun;
}

/** A colour adjustment (`--color-adjustment NAME`). */
export interface ColourAdjustmentDefinition {
  name: string;
  description: string;
  /** Returns the swapped face recoloured toward `context.original` inside `context.mask`. */
  adjust(face: Image, context: ColourContext): Image;
}

/** Context of the `blend` hook. */
export interface BlendContext {
  face: SwappedFace;
  run: ConvertRun;
}

/** A finished frame on its way to the writer. */
export interface OutputFrame {
  index: number;
  name: string;
  image: RgbFrame;
  /** Faces swapped into it (0 for frames passed through). */
  swapped: number;
  /** Why the frame was passed through unchanged after a failure. */
  error?: Error;
}

export interface WriterContext {
  /** A file (`video` writers) or a folder (`frames` writers), as resolved by convert. */
  output: string;
  media: MediaInfo;
  config: ConfigValues;
  /** Frames that will be written (for writers that mux audio: audio fits only whole videos). */
  wholeVideo: boolean;
  log: Logger;
}

/** An open writer. Frames arrive in order; nothing is visible at the final name before `finish`. */
export interface FrameWriter {
  write(frame: OutputFrame): Promise<void>;
  /** Completes the output (flush, rename into place). */
  finish(): Promise<void>;
  /** Discards what was written so far (errors, Ctrl-C). */
  abort(): Promise<void>;
}

/** An output format (`--writer NAME`). */
export interface WriterDefinition {
  name: string;
  description: string;
  /** `frames`: one image file per frame in a folder; `video`: one file. */
  output: 'frames' | 'video';
  /** File extension without the dot: png, jpg, mp4, gif. */
  extension: string;
  open(context: WriterContext): Promise<FrameWriter>;
}
