/**
 * What the dashboard may read: the folders it was given (`--models`, `--faces`) and the pack store,
 * nothing else. Every path a request names is a root index plus a path relative to that root; it is
 * refused when it is absolute, holds `..`, a backslash or a NUL, and after resolving symlinks it
 * must still lie inside the root's own real path (a link out of the folder is refused too).
 */
import { realpath, stat } from 'node:fs/promises';
import { isAbsolute, join, resolve, sep } from 'node:path';

export type RootKind = 'models' | 'faces' | 'media' | 'packs';

export class OutsideServedFoldersError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'OutsideServedFoldersError';
  }
}

export interface ServedRoots {
  models: string[];
  faces: string[];
  /** Videos and image folders to convert, and where conversions are written. */
  media: string[];
  packs: string;
}

export class ServedFolders {
  readonly roots: ServedRoots;

  constructor(roots: Omit<ServedRoots, 'media'> & { media?: string[] }) {
    this.roots = {
      models: roots.models.map((r) => resolve(r)), faces: roots.faces.map((r) => resolve(r)), media: (roots.media ?? []).map((r) => resolve(r)),
      packs: resolve(roots.packs),
    };
  }

  root(kind: RootKind, index: number): string {
    const root = kind === 'packs' ? (index === 0 ? this.roots.packs : undefined) : this.roots[kind][index];
    if (root === undefined) throw new OutsideServedFoldersError(`no ${kind} folder number ${index}`);
    return root;
  }

  /** The lexical path of `relative` inside the root, refused if it could step out. No filesystem access. */
  lexical(kind: RootKind, index: number, relative: string): string {
    const root = this.root(kind, index);
    if (relative.includes('\0') || relative.includes('\\')) throw new OutsideServedFoldersError(`refused path ${JSON.stringify(relative)}: NUL or backslash`);
    if (isAbsolute(relative)) throw new OutsideServedFoldersError(`refused path ${JSON.stringify(relative)}: absolute`);
    const segments = relative.split('/').filter((s) => s !== '' && s !== '.');
    if (segments.some((s) => s === '..')) throw new OutsideServedFoldersError(`refused path ${JSON.stringify(relative)}: '..'`);
    return segments.length ? join(root, ...segments) : root;
  }

  /**
   * The real path of `relative` inside the root, for reading: it must exist and, with every symlink
   * resolved, stay inside the root's real path.
   */
  async readable(kind: RootKind, index: number, relative: string): Promise<string> {
    const path = this.lexical(kind, index, relative);
    const [real, realRoot] = await Promise.all([realpath(path), realpath(this.root(kind, index))]).catch(() => {
      throw new OutsideServedFoldersError(`not found: ${relative}`);
    });
    if (real !== realRoot && !real.startsWith(realRoot.endsWith(sep) ? realRoot : realRoot + sep)) {
      throw new OutsideServedFoldersError(`refused path ${JSON.stringify(relative)}: it leads outside the served folder`);
    }
    return real;
  }

  /** A readable plain file (not a folder, device or socket). */
  async readableFile(kind: RootKind, index: number, relative: string): Promise<string> {
    const real = await this.readable(kind, index, relative);
    if (!(await stat(real)).isFile()) throw new OutsideServedFoldersError(`not a file: ${relative}`);
    return real;
  }
}
