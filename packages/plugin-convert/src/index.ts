/**
 * @faceforge/plugin-convert: convert's built-in colour adjustments ([convert.color.*]), sharpening
 * ([convert.sharpen]) and writers ([convert.writer.*]), one plugin per section. Core's own convert
 * plugin keeps the pipeline (masks, `none`, identity filter, upscaler, colour dispatch, paste-back).
 */
import type { FaceforgePlugin } from '@faceforge/core';
import { colourPlugins } from './colour/colour-plugins.js';
import { sharpenPlugin } from './sharpen.js';
import { writerPlugins } from './writers/writer-plugins.js';

export { colourPlugins, matchHistSection, colourTransferSection, seamlessSection } from './colour/colour-plugins.js';
export { averageColour, weightedChannelMeans } from './colour/average-colour.js';
export { matchHistogram } from './colour/match-histogram.js';
export { colourTransfer } from './colour/colour-transfer.js';
export { seamlessClone, DEFAULT_SEAMLESS } from './colour/seamless-clone.js';
export { sharpenFace, sharpenPlugin, sharpenSection, type SharpenOptions } from './sharpen.js';
export { writerPlugins, pngSection, jpegSection, mp4Section, gifSection } from './writers/writer-plugins.js';
export { openFfmpegEncoder, type EncoderOptions } from './writers/ffmpeg-encoder.js';

/** Every plugin of the package; package.json's marker names `avg-color`, convert's default colour adjustment. */
export const plugins: FaceforgePlugin[] = [...colourPlugins, sharpenPlugin, ...writerPlugins];
export default plugins;
