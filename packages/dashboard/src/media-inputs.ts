/** What can be converted in the `--media` folders: videos, and folders of images (two levels down; `converted/` is the output). */
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { VIDEO } from './convert-jobs.js';
import type { ServedFolders } from './served-folders.js';

export interface MediaInput {
  root: number;
  path: string;
  kind: 'video' | 'images';
}

const IMAGE = /\.(png|jpe?g)$/i;

export async function listMediaInputs(folders: ServedFolders): Promise<MediaInput[]> {
  const found: MediaInput[] = [];
  const walk = async (root: number, base: string, relative: string, depth: number) => {
    const entries = await readdir(relative ? join(base, relative) : base, { withFileTypes: true }).catch(() => []);
    if (relative && entries.some((e) => e.isFile() && IMAGE.test(e.name))) found.push({ root, path: relative, kind: 'images' });
    for (const entry of entries.sort((p, q) => p.name.localeCompare(q.name))) {
      const path = relative ? `${relative}/${entry.name}` : entry.name;
      if (entry.isFile() && VIDEO.test(entry.name)) found.push({ root, path, kind: 'video' });
      else if (entry.isDirectory() && depth > 0 && !entry.name.startsWith('.') && !(relative === '' && entry.name === 'converted')) await walk(root, base, path, depth - 1);
    }
  };
  for (const [root, dir] of folders.roots.media.entries()) await walk(root, dir, '', 2);
  return found;
}
