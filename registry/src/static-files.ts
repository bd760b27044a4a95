/**
 * Serves the public tree read-only, as any static host would: GET and HEAD, Content-Length, ETag and
 * If-None-Match. Hidden files (the index's temp files while it is replaced) and anything outside the
 * tree are never served.
 */
import { open } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { resolve, sep } from 'node:path';
import { pipeline } from 'node:stream/promises';

function contentType(path: string): string {
  if (path.endsWith('.json')) return 'application/json; charset=utf-8';
  if (path.endsWith('.tar.gz')) return 'application/gzip';
  return 'application/octet-stream';
}

/** The file under `root` for a URL path, or undefined for anything that is not a plain, visible path. */
export function staticFilePath(root: string, urlPath: string): string | undefined {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return undefined;
  }
  const segments = decoded.split('/').filter(Boolean);
  if (segments.length === 0 || segments.some((s) => s.startsWith('.') || s.includes('\\') || s.includes('\0'))) return undefined;
  const path = resolve(root, ...segments);
  return path.startsWith(root + sep) ? path : undefined;
}

/** Answers the request from `root`; returns false (and sends nothing) when there is no such file. */
export async function serveStatic(root: string, urlPath: string, request: IncomingMessage, response: ServerResponse): Promise<boolean> {
  const path = staticFilePath(resolve(root), urlPath);
  if (!path) return false;
  // open first and stat the open file: an index replaced meanwhile is served whole, old or new
  const handle = await open(path, 'r').catch(() => undefined);
  if (!handle) return false;
  try {
    const stats = await handle.stat({ bigint: true });
    if (!stats.isFile()) return false;
    const etag = `"${stats.ino.toString(16)}-${stats.size.toString(16)}-${stats.mtimeNs.toString(16)}"`;
    response.setHeader('ETag', etag);
    // archives never change once published; the index is revalidated every time (cheap with the ETag)
    response.setHeader('Cache-Control', path.endsWith('.tar.gz') ? 'public, max-age=31536000, immutable' : 'no-cache');
    if (request.headers['if-none-match'] === etag) {
      response.writeHead(304).end();
      return true;
    }
    response.writeHead(200, { 'Content-Type': contentType(path), 'Content-Length': stats.size.toString() });
    if (request.method === 'HEAD') {
      response.end();
      return true;
    }
    await pipeline(handle.createReadStream({ autoClose: false }), response);
    return true;
  } finally {
    await handle.close();
  }
}
