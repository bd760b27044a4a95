/**
 * HR/LR pairs from a folder. Two layouts are recognised:
 * - DIV2K's: sub-folders `*_HR` (e.g. DIV2K_train_HR/0001.png), with the LR images, when present,
 *   in the matching `*_LR_bicubic/X4/0001x4.png`;
 * - any folder of images (photos, or faces from `faceforge extract`): each is an HR image.
 * A missing LR image is made as DIV2K made them: the HR image cropped to a multiple of 4, shrunk ×4
 * with MATLAB-style bicubic, rounded to 8 bits.
 */
import { readdir, stat } from 'node:fs/promises';
import { basename, extname, join } from 'node:path';
import { DataError, type RgbPixels } from '@faceforge/core';
import { resizeBicubic } from './bicubic.js';
import { cropPixels, readRgb, toBytes, toFloat } from './pixels.js';

export const SCALE = 4;
const IMAGE_EXTENSIONS = new Set(['.png', '.jpg', '.jpeg', '.webp', '.bmp', '.tif', '.tiff']);

export interface SrPair {
  /** File name of the HR image. */
  name: string;
  hr: RgbPixels;
  lr: RgbPixels;
}

export interface SrImageSource {
  hrFile: string;
  /** DIV2K's own LR image, when the layout has one. */
  lrFile?: string;
}

async function imageFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  return entries.filter((e) => e.isFile() && IMAGE_EXTENSIONS.has(extname(e.name).toLowerCase())).map((e) => join(dir, e.name)).sort();
}

async function isDirectory(path: string): Promise<boolean> {
  return stat(path).then((s) => s.isDirectory(), () => false);
}

/** The HR images of `dir` (and DIV2K LR images beside them), in name order. */
export async function listSrImages(dir: string): Promise<SrImageSource[]> {
  if (!(await isDirectory(dir))) throw new DataError(`${dir}: not a folder of images`);
  const hrDirs = (await readdir(dir, { withFileTypes: true })).filter((e) => e.isDirectory() && /_HR$/.test(e.name)).map((e) => e.name).sort();
  const sources: SrImageSource[] = [];
  if (hrDirs.length > 0) {
    for (const hrDir of hrDirs) {
      const lrDir = join(dir, hrDir.replace(/_HR$/, '_LR_bicubic'), `X${SCALE}`);
      const hasLr = await isDirectory(lrDir);
      for (const hrFile of await imageFiles(join(dir, hrDir))) {
        const stem = basename(hrFile, extname(hrFile));
        sources.push({ hrFile, ...(hasLr ? { lrFile: join(lrDir, `${stem}x${SCALE}${extname(hrFile)}`) } : {}) });
      }
    }
  } else {
    for (const hrFile of await imageFiles(dir)) sources.push({ hrFile });
  }
  if (sources.length === 0) throw new DataError(`${dir}: no images found (${[...IMAGE_EXTENSIONS].join(', ')}; or DIV2K's *_HR folders)`);
  return sources;
}

/** The LR image DIV2K would have: the HR image's top-left multiple of 4, shrunk ×4 with bicubic. */
export function bicubicDownscale(hr: RgbPixels): { hr: RgbPixels; lr: RgbPixels } {
  const width = hr.width - (hr.width % SCALE);
  const height = hr.height - (hr.height % SCALE);
  const cropped = width === hr.width && height === hr.height ? hr : cropPixels(hr, 0, 0, width, height);
  return { hr: cropped, lr: toBytes(resizeBicubic(toFloat(cropped), width / SCALE, height / SCALE)) };
}

async function readImage(file: string): Promise<RgbPixels> {
  try {
    return await readRgb(file);
  } catch (error) {
    throw new DataError(`${file}: cannot be read as an image (${(error as Error).message})`);
  }
}

export async function loadSrPair(source: SrImageSource): Promise<SrPair> {
  const name = basename(source.hrFile);
  const original = await readImage(source.hrFile);
  if (!source.lrFile) return { name, ...bicubicDownscale(original) };
  const lr = await readImage(source.lrFile);
  const hr = cropPixels(original, 0, 0, lr.width * SCALE, lr.height * SCALE);
  if (original.width < hr.width || original.height < hr.height) {
    throw new DataError(`${source.lrFile}: ${lr.width}×${lr.height} is not a ×${SCALE} reduction of ${source.hrFile} (${original.width}×${original.height})`);
  }
  return { name, hr, lr };
}

export interface LoadSrPairsOptions {
  /** Images whose HR side is smaller than this are left out (they cannot give a training crop). */
  minSize?: number;
  log?: (line: string) => void;
}

/** Every pair of `dir`, smaller-than-`minSize` images left out (and counted in a log line). */
export async function loadSrPairs(dir: string, options: LoadSrPairsOptions = {}): Promise<SrPair[]> {
  const pairs: SrPair[] = [];
  let small = 0;
  for (const source of await listSrImages(dir)) {
    const pair = await loadSrPair(source);
    if (options.minSize && Math.min(pair.hr.width, pair.hr.height) < options.minSize) small++;
    else pairs.push(pair);
  }
  if (small > 0) options.log?.(`${dir}: ${small} image(s) smaller than ${options.minSize} px left out`);
  if (pairs.length === 0) throw new DataError(`${dir}: no image is at least ${options.minSize} px on its shorter side`);
  return pairs;
}
