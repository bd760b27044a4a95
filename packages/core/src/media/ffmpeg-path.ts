/** Where the ffmpeg binary is: the system's on PATH, else the one shipped by @ffmpeg-installer/ffmpeg. */
import { statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { ErrorClass } from './error-class.js';

const require = createRequire(import.meta.url);

/** System ffmpeg if on PATH, else the binary shipped by @ffmpeg-installer/ffmpeg; `fail` when neither is there. */
export function ffmpegPath(fail: ErrorClass = Error): string {
  const fromPath = (process.env.PATH ?? '').split(':').map((d) => join(d, 'ffmpeg')).find((p) => {
    try {
      return statSync(p).isFile();
    } catch {
      return false;
    }
  });
  if (fromPath) return fromPath;
  try {
    return (require('@ffmpeg-installer/ffmpeg') as { path: string }).path;
  } catch {
    throw new fail('ffmpeg not found: install it (apt-get install ffmpeg) or `npm install @ffmpeg-installer/ffmpeg`');
  }
}
