/** Folders of faces inside the `--faces` roots (the root and its subfolders, two levels down) that hold images. */
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { ServedFolders } from './served-folders.js';
import type { FaceFolder } from './api/api-types.js';

export type { FaceFolder };

const IMAGE = /\.(png|jpe?g)$/i;

async function walk(base: string, relative: string, depth: number, out: Omit<FaceFolder, 'root'>[]): Promise<void> {
  const entries = await readdir(relative ? join(base, ...relative.split('/')) : base, { withFileTypes: true }).catch(() => []);
  const images = entries.filter((e) => e.isFile() && IMAGE.test(e.name)).length;
  if (images > 0) out.push({ path: relative, images });
  if (depth === 0) return;
  for (const entry of entries.filter((e) => e.isDirectory() && !e.name.startsWith('.')).sort((p, q) => p.name.localeCompare(q.name))) {
    await walk(base, relative ? `${relative}/${entry.name}` : entry.name, depth - 1, out);
  }
}

export async function listFaceFolders(folders: ServedFolders): Promise<FaceFolder[]> {
  const all: FaceFolder[] = [];
  for (const [root, dir] of folders.roots.faces.entries()) {
    const found: Omit<FaceFolder, 'root'>[] = [];
    await walk(dir, '', 2, found);
    all.push(...found.map((f) => ({ root, ...f })));
  }
  return all;
}

export async function listFaceImages(folders: ServedFolders, root: number, path: string): Promise<string[]> {
  const dir = await folders.readable('faces', root, path);
  return (await readdir(dir, { withFileTypes: true })).filter((e) => e.isFile() && IMAGE.test(e.name)).map((e) => e.name).sort();
}
