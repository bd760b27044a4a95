/**
 * The Faces page's server side: each face of an extracted folder with its landmarks, stored masks
 * and the `sort` measures (sharpness in the landmark region, yaw, pitch, detected size, similarity
 * to the folder's mean identity), a stored mask as a PNG, and deleting bad faces: the files go and
 * every alignments file of the folder drops them too, as faceswap's Manual tool keeps them in step.
 */
import { readdir, readFile, stat, unlink } from 'node:fs/promises';
import { basename, join } from 'node:path';
import sharp from 'sharp';
import { decodeStoredMask, isFaceMetadata, writeFileAtomic, type Forge } from '@faceforge/core';
import { ANALYSIS_SIZE, meanDescriptor, readFolderFacts, similarityToMean } from '@faceforge/core/curate';
import { ALIGNMENTS_FOLDER, readAlignments, readPngText } from '@faceforge/core/extract';
import { landmarkMaskDrawing } from '@faceforge/core/masks';
import { OutsideServedFoldersError, type ServedFolders } from './served-folders.js';

export interface FaceEntry {
  file: string;
  /** 68 points at `frame` pixels. */
  landmarks?: [number, number][];
  masks: string[];
  measures: { sharpness: number; yaw?: number; pitch?: number; size?: number; identity?: number };
}

const FILE_NAME = /^(?!\.\.?$)[^/\\\0]{1,255}$/;

/** Measured folders by path, kept while the folder's modification time stays the same (adding or deleting a face changes it). */
const measured = new Map<string, { mtimeMs: number; result: { frame: number; faces: FaceEntry[] } }>();

export async function faceEntries(forge: Forge, folders: ServedFolders, root: number, path: string): Promise<{ frame: number; faces: FaceEntry[] }> {
  const dir = await folders.readable('faces', root, path);
  const { mtimeMs } = await stat(dir);
  const cached = measured.get(dir);
  if (cached?.mtimeMs === mtimeMs) return cached.result;
  const result = await measureFolder(forge, dir);
  measured.set(dir, { mtimeMs, result });
  return result;
}

async function measureFolder(forge: Forge, dir: string): Promise<{ frame: number; faces: FaceEntry[] }> {
  const { faces } = await readFolderFacts(dir, { region: landmarkMaskDrawing(forge.masks, 'components') });
  const described = faces.filter((f) => f.descriptor);
  const mean = described.length ? meanDescriptor(described.map((f) => f.descriptor!)) : undefined;
  const entries: FaceEntry[] = [];
  for (const face of faces) {
    const text = readPngText(await readFile(face.path), 'faceforge', face.path);
    let masks: string[] = [];
    try {
      const metadata = text === undefined ? undefined : (JSON.parse(text) as unknown);
      if (isFaceMetadata(metadata)) masks = Object.keys(metadata.masks ?? {});
    } catch {
      masks = []; // unreadable metadata: the face still shows, without masks
    }
    entries.push({
      file: basename(face.path), landmarks: face.landmarks as [number, number][] | undefined, masks,
      measures: {
        sharpness: face.sharpness, yaw: face.pose?.yaw, pitch: face.pose?.pitch, size: face.box?.[2],
        identity: face.descriptor && mean ? similarityToMean(face.descriptor, mean) : undefined,
      },
    });
  }
  return { frame: ANALYSIS_SIZE, faces: entries };
}

function checkFileName(file: string): string {
  if (!FILE_NAME.test(file)) throw new OutsideServedFoldersError(`refused file name ${JSON.stringify(file)}`);
  return file;
}

/** A stored mask of one face as a greyscale PNG (white = inside). */
export async function storedMaskPng(folders: ServedFolders, root: number, path: string, file: string, mask: string): Promise<Buffer> {
  const face = await folders.readableFile('faces', root, `${path}/${checkFileName(file)}`);
  const text = readPngText(await readFile(face), 'faceforge', face);
  const metadata = text === undefined ? undefined : (JSON.parse(text) as unknown);
  const stored = isFaceMetadata(metadata) ? metadata.masks?.[mask] : undefined;
  if (!stored) throw new OutsideServedFoldersError(`not found: mask '${mask}' of ${file}`);
  const image = decodeStoredMask(stored, face);
  const bytes = Buffer.from(image.data.map((v) => Math.round(v * 255)));
  return sharp(bytes, { raw: { width: image.width, height: image.height, channels: 1 } }).png().toBuffer();
}

/** Deletes face files of one folder and drops them from every alignments file there. */
export async function deleteFaces(folders: ServedFolders, root: number, path: string, files: string[]): Promise<{ deleted: string[]; alignments: string[] }> {
  const dir = await folders.readable('faces', root, path);
  const doomed = new Set(files.map(checkFileName));
  const deleted: string[] = [];
  for (const file of doomed) {
    await unlink(await folders.readableFile('faces', root, `${path}/${file}`));
    deleted.push(file);
  }
  const updated: string[] = [];
  const alignmentsDir = join(dir, ALIGNMENTS_FOLDER);
  for (const name of (await readdir(alignmentsDir).catch(() => [] as string[])).filter((n) => n.endsWith('.json'))) {
    const alignmentsPath = join(alignmentsDir, name);
    const alignments = await readAlignments(alignmentsPath);
    let changed = false;
    for (const frame of Object.values(alignments.frames)) {
      const kept = frame.faces.filter((face) => !(face.file && doomed.has(face.file)));
      if (kept.length !== frame.faces.length) {
        frame.faces = kept;
        changed = true;
      }
    }
    if (changed) {
      await writeFileAtomic(alignmentsPath, JSON.stringify(alignments));
      updated.push(`${ALIGNMENTS_FOLDER}/${name}`);
    }
  }
  return { deleted, alignments: updated };
}
