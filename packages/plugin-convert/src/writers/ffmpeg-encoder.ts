/**
 * A video file written by ffmpeg from raw RGB frames on its stdin. ffmpeg writes a temp file next
 * to the output; `finish` waits for it, fsyncs it and renames it into place, so a crash or Ctrl-C
 * never leaves a half-written video under the output name.
 */
import { once } from 'node:events';
import { mkdir, open, rename, unlink } from 'node:fs/promises';
import { dirname } from 'node:path';
import { ConvertError, fsyncDirectory, tempPathFor, type FrameWriter, type OutputFrame } from '@faceforge/core';
import { ffmpegTail, spawnFfmpeg } from '@faceforge/core/media';

export interface EncoderOptions {
  output: string;
  width: number;
  height: number;
  fps: { num: number; den: number };
  /** ffmpeg's muxer name (mp4, gif): the temp file's name says nothing. */
  format: string;
  /** Extra inputs after the frames (input 0), e.g. the source video for its audio. */
  inputs?: string[][];
  /** Everything between the inputs and the output file: maps, filters, codecs. */
  outputArgs: string[];
}

async function fsyncFile(path: string): Promise<void> {
  const handle = await open(path, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

export async function openFfmpegEncoder(options: EncoderOptions): Promise<FrameWriter> {
  await mkdir(dirname(options.output), { recursive: true });
  const temp = tempPathFor(options.output);
  const { width, height, fps } = options;
  const ffmpeg = spawnFfmpeg([
    '-v', 'error', '-y',
    '-f', 'rawvideo', '-pix_fmt', 'rgb24', '-s', `${width}x${height}`, '-r', `${fps.num}/${fps.den}`, '-i', 'pipe:0',
    ...(options.inputs ?? []).flat(),
    ...options.outputArgs,
    '-f', options.format, temp,
  ], { stdin: 'pipe', fail: ConvertError, keepStderr: 8000 });
  const stdin = ffmpeg.child.stdin!;
  let failure: Error | undefined;
  // A write after ffmpeg died raises EPIPE on the stream: keep it for the message, not as a crash.
  stdin.on('error', (error) => (failure ??= error));
  const exitedEarly = ffmpeg.exited.then((code) => code);
  let closed = false;

  const failed = async (what: string): Promise<never> => {
    const code = await exitedEarly.catch(() => -1);
    await unlink(temp).catch(() => undefined);
    throw new ConvertError(`${options.output}: ffmpeg ${what} (exit ${code}): ${ffmpegTail(ffmpeg.stderr()) || failure?.message || 'no message'}`);
  };

  return {
    async write(frame: OutputFrame) {
      if (frame.image.width !== width || frame.image.height !== height) {
        throw new ConvertError(`${options.output}: frame ${frame.name} is ${frame.image.width}x${frame.image.height}, but the video is ${width}x${height}: every frame of a video must have the same size`);
      }
      if (failure || ffmpeg.child.exitCode !== null) return failed('stopped while encoding');
      const data = frame.image.data;
      if (!stdin.write(Buffer.from(data.buffer, data.byteOffset, data.byteLength))) {
        await Promise.race([once(stdin, 'drain'), exitedEarly]).catch(() => failed('stopped while encoding'));
      }
    },
    async finish() {
      if (closed) return;
      closed = true;
      stdin.end();
      const code = await ffmpeg.exited;
      if (code !== 0) await failed('failed');
      await fsyncFile(temp);
      await rename(temp, options.output);
      await fsyncDirectory(dirname(options.output));
    },
    async abort() {
      if (closed) return;
      closed = true;
      ffmpeg.child.kill('SIGKILL');
      await ffmpeg.exited.catch(() => undefined);
      await unlink(temp).catch(() => undefined);
    },
  };
}
