/**
 * The built-in writers, one plugin each with its own [convert.writer.*] section (faceswap's
 * writer plugins): PNG and JPEG frames into a folder, MP4 through ffmpeg with the source's frame
 * rate and audio, and GIF through ffmpeg with a palette made for the clip. Each writer is handed
 * its section's values (`api.options()`: what convert configured the forge with) when it opens.
 */
import { join } from 'node:path';
import sharp from 'sharp';
import {
  defineSection, definePlugin, option, writeFileAtomic,
  type ConfigSection, type FaceforgePlugin, type FrameWriter, type OutputFrame, type SectionValues, type WriterContext, type WriterDefinition,
} from '@faceforge/core';
import { openFfmpegEncoder } from './ffmpeg-encoder.js';

function rawImage(frame: OutputFrame) {
  const { width, height, data } = frame.image;
  return sharp(Buffer.from(data.buffer, data.byteOffset, data.byteLength), { raw: { width, height, channels: 3 } });
}

/** One image file per frame, each written atomically, named after the frame. */
function imageFolderWriter(context: WriterContext, extension: string, encode: (frame: OutputFrame) => Promise<Buffer>): FrameWriter {
  return {
    async write(frame) {
      await writeFileAtomic(join(context.output, `${frame.name}.${extension}`), await encode(frame));
    },
    async finish() {},
    async abort() {},
  };
}

export const pngSection = defineSection('convert.writer.png', 'PNG frames: lossless, one file per frame.', {
  compression: option.integer({ default: 3, min: 0, max: 9, group: 'format', help: 'zlib compression level: higher is smaller and slower, never lossy.' }),
});

export const jpegSection = defineSection('convert.writer.jpeg', 'JPEG frames: small, lossy, one file per frame.', {
  quality: option.integer({ default: 75, min: 1, max: 100, group: 'format', help: 'JPEG quality: higher is better looking and larger.' }),
});

const X264_PRESETS = ['ultrafast', 'superfast', 'veryfast', 'faster', 'fast', 'medium', 'slow', 'slower', 'veryslow'] as const;

export const mp4Section = defineSection('convert.writer.mp4', 'MP4 video through ffmpeg, at the source video\'s frame rate, with its audio.', {
  codec: option.choice({ choices: ['libx264', 'libx265'] as const, default: 'libx264', group: 'codec', help: 'Video codec: libx264 (H.264) plays everywhere, libx265 (HEVC) is smaller.' }),
  crf: option.integer({ default: 23, min: 0, max: 51, group: 'codec', help: 'Constant rate factor: lower is better quality and larger; 0 is lossless, 18 looks lossless.' }),
  preset: option.choice({ choices: X264_PRESETS, default: 'medium', group: 'codec', help: 'Encoder speed: slower presets make smaller files at the same quality.' }),
  mux_audio: option.boolean({ default: true, group: 'audio', help: 'Copy the source video\'s audio into the output (re-encoded to AAC when MP4 cannot hold the codec).' }),
  fps: option.number({ default: 25, min: 1, max: 240, group: 'format', help: 'Frame rate when the input is a folder of images (a video keeps its own).' }),
});

export const gifSection = defineSection('convert.writer.gif', 'Animated GIF through ffmpeg, with a 256-colour palette made for the clip.', {
  loop: option.boolean({ default: true, group: 'format', help: 'Loop forever (otherwise play once).' }),
  fps: option.number({ default: 10, min: 1, max: 50, group: 'format', help: 'Frame rate when the input is a folder of images (a video keeps its own).' }),
});

/** Audio codecs an MP4 container holds as they are. */
const MP4_AUDIO = new Set(['aac', 'mp3', 'ac3', 'eac3', 'alac', 'opus', 'mp2']);

function videoSize(context: WriterContext, frame: OutputFrame | undefined) {
  return { width: frame?.image.width ?? context.media.width, height: frame?.image.height ?? context.media.height };
}

/**
 * ffmpeg needs the frame size before the first frame; a folder of images may differ from the
 * first image's probed size only if the images differ, which a video cannot hold anyway.
 */
function lazyEncoder(open: (size: { width: number; height: number }) => Promise<FrameWriter>, context: WriterContext): FrameWriter {
  let writer: FrameWriter | undefined;
  return {
    async write(frame) {
      writer ??= await open(videoSize(context, frame));
      await writer.write(frame);
    },
    async finish() {
      writer ??= await open(videoSize(context, undefined));
      await writer.finish();
    },
    async abort() {
      await writer?.abort();
    },
  };
}

/** A writer's name, description and output, and how it opens with its section's values. */
type WriterSpec<S extends ConfigSection> = Omit<WriterDefinition, 'open'> & {
  open(context: WriterContext, options: SectionValues<S>): Promise<FrameWriter>;
};

const pngWriter: WriterSpec<typeof pngSection> = {
  name: 'png', description: 'PNG frames into a folder', output: 'frames', extension: 'png',
  async open(context, { compression }) {
    return imageFolderWriter(context, 'png', (frame) => rawImage(frame).png({ compressionLevel: compression }).toBuffer());
  },
};

const jpegWriter: WriterSpec<typeof jpegSection> = {
  name: 'jpeg', description: 'JPEG frames into a folder', output: 'frames', extension: 'jpg',
  async open(context, { quality }) {
    return imageFolderWriter(context, 'jpg', (frame) => rawImage(frame).jpeg({ quality }).toBuffer());
  },
};

const mp4Writer: WriterSpec<typeof mp4Section> = {
  name: 'mp4', description: 'MP4 video (H.264/HEVC) with the source audio', output: 'video', extension: 'mp4',
  async open(context, options) {
    const { media } = context;
    let audio = media.kind === 'video' && media.audio !== undefined && options.mux_audio;
    if (audio && !context.wholeVideo) {
      context.log.warn(`${context.output}: the source audio is left out: only part of the video is written (--frame-ranges without --keep-unchanged)`);
      audio = false;
    }
    const audioArgs = audio ? ['-map', '1:a:0', '-c:a', MP4_AUDIO.has(media.audio!.codec) ? 'copy' : 'aac'] : [];
    return lazyEncoder(({ width, height }) => openFfmpegEncoder({
      output: context.output, width, height, fps: media.fps ?? { num: options.fps, den: 1 }, format: 'mp4',
      inputs: audio ? [['-i', media.path]] : [],
      outputArgs: [
        '-map', '0:v:0', ...audioArgs,
        // yuv420p (what players expect) needs even sides: pad odd frames by one pixel.
        '-vf', 'pad=ceil(iw/2)*2:ceil(ih/2)*2', '-c:v', options.codec, '-crf', String(options.crf), '-preset', options.preset,
        '-pix_fmt', 'yuv420p', '-movflags', '+faststart',
      ],
    }), context);
  },
};

const gifWriter: WriterSpec<typeof gifSection> = {
  name: 'gif', description: 'Animated GIF', output: 'video', extension: 'gif',
  async open(context, options) {
    return lazyEncoder(({ width, height }) => openFfmpegEncoder({
      output: context.output, width, height, fps: context.media.fps ?? { num: options.fps, den: 1 }, format: 'gif',
      outputArgs: ['-filter_complex', '[0:v]split[a][b];[a]palettegen[p];[b][p]paletteuse', '-loop', options.loop ? '0' : '-1'],
    }), context);
  },
};

function writerPlugin<S extends ConfigSection>({ open, ...writer }: WriterSpec<S>, config: S): FaceforgePlugin {
  return definePlugin<S>({
    meta: { name: `writer-${writer.name}`, kind: 'convert', version: '0.1.0', description: `convert writer: ${writer.description}` },
    config,
    apply(api) {
      // OwnOptions<S> of a generic S does not narrow to the section's values; S is a section here.
      api.writers.register({ ...writer, open: (context) => open(context, api.options() as SectionValues<S>) });
    },
  });
}

export const writerPlugins: FaceforgePlugin[] = [
  writerPlugin(pngWriter, pngSection), writerPlugin(jpegWriter, jpegSection), writerPlugin(mp4Writer, mp4Section), writerPlugin(gifWriter, gifSection),
];
