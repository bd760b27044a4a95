/**
 * RealFace's sizes, derived as faceswap's realface.py derives them: the runtime checks of input and
 * output size (check_input_output), the dense width and number of upscalers that turn the latent
 * back into `output_size` (get_dense_width_upscalers_numbers), and the derived filter counts.
 */
import { ConfigError } from '@faceforge/core';

/** The encoder halves the face four times (ratio 16). */
export const DOWNSCALERS = 4;
export const DOWNSCALE_RATIO = 2 ** DOWNSCALERS;

export interface RealfaceOptions {
  input_size: number;
  output_size: number;
  dense_nodes: number;
  complexity_encoder: number;
  complexity_decoder: number;
}

export interface RealfaceSizes {
  /** Side of the dense layers' reshape: the decoders start at dense_width × dense_width. */
  denseWidth: number;
  /** Upscales from dense_width to output_size (4 or 5). */
  upscalers: number;
  /** Channels of decoder B's reshape: ((1024 − (dense_width − 4)·64) // 16)·16. */
  denseFilters: number;
  /** The encoder's output, which both decoders take: input/16 square, complexity_encoder·8 channels. */
  latentWidth: number;
  latentFilters: number;
}

/** faceswap's check_input_output: it exits on these; we refuse with what is allowed. */
export function checkSizes(options: Pick<RealfaceOptions, 'input_size' | 'output_size'>): void {
  const { input_size: input, output_size: output } = options;
  if (!(input >= 64 && input <= 128 && input % 16 === 0)) {
    throw new ConfigError(`[model.realface] input_size = ${input}: it must be between 64 and 128 and a multiple of 16 (64, 80, 96, 112, 128)`);
  }
  if (!(output >= 64 && output <= 256 && output % 32 === 0)) {
    throw new ConfigError(`[model.realface] output_size = ${output}: it must be between 64 and 256 and a multiple of 32 (64, 96, 128, 160, 192, 224, 256)`);
  }
}

/**
 * faceswap's get_dense_width_upscalers_numbers: of n ∈ {4, 5} with output // 2ⁿ < 10, the one whose
 * (output // 2ⁿ)·16 is closest to input_size (the first on a tie).
 */
export function denseWidthAndUpscalers(inputSize: number, outputSize: number): { denseWidth: number; upscalers: number } {
  const sides = [4, 5].map((n) => ({ denseWidth: Math.floor(outputSize / 2 ** n), upscalers: n })).filter((s) => s.denseWidth < 10);
  let best = sides[0]!;
  for (const side of sides) {
    if (Math.abs(side.denseWidth * DOWNSCALE_RATIO - inputSize) < Math.abs(best.denseWidth * DOWNSCALE_RATIO - inputSize)) best = side;
  }
  return best;
}

export function realfaceSizes(options: RealfaceOptions): RealfaceSizes {
  checkSizes(options);
  const { denseWidth, upscalers } = denseWidthAndUpscalers(options.input_size, options.output_size);
  return {
    denseWidth,
    upscalers,
    denseFilters: Math.floor((1024 - (denseWidth - 4) * 64) / 16) * 16,
    latentWidth: options.input_size / DOWNSCALE_RATIO,
    latentFilters: options.complexity_encoder * 2 ** (DOWNSCALERS - 1),
  };
}

/** Decoder A is decoder B divided by 1.5, truncated (faceswap's int(x / 1.5)). */
export const lighter = (n: number): number => Math.trunc(n / 1.5);
