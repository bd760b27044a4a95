/**
 * Streams an upload into a file, refusing (413) as soon as it passes `limit` bytes, so an archive
 * never sits in memory whole. The file is fsynced; on any failure it is removed. The request is
 * paused, not destroyed, on a refusal, so the error can still be answered.
 */
import type { IncomingMessage } from 'node:http';
import { mkdir, open, unlink } from 'node:fs/promises';
import { dirname } from 'node:path';
import { RegistryError } from '@faceforge/packs';
import { declaredLength } from './read-body.js';
import { tooLarge } from './registry-store.js';

export async function receiveUpload(request: IncomingMessage, limit: number, path: string): Promise<number> {
  const declared = declaredLength(request);
  if (declared !== undefined && declared > limit) throw tooLarge(declared, limit);
  await mkdir(dirname(path), { recursive: true });
  const handle = await open(path, 'wx', 0o644);
  let received = 0;
  try {
    await new Promise<void>((resolve, reject) => {
      const stop = (error: Error) => {
        request.removeAllListeners('data');
        request.pause();
        reject(error);
      };
      request.on('data', (chunk: Buffer) => {
        received += chunk.length;
        if (received > limit) return stop(tooLarge(undefined, limit));
        // one chunk at a time: the socket waits while the disk catches up
        request.pause();
        handle.write(chunk).then(() => request.resume(), stop);
      });
      request.on('end', resolve);
      request.on('error', reject);
      request.on('close', () => {
        if (!request.complete) reject(new RegistryError('the upload was cut off before its end', 400));
      });
    });
    await handle.sync();
  } catch (error) {
    await handle.close();
    await unlink(path).catch(() => undefined);
    throw error;
  }
  await handle.close();
  return received;
}
