/**
 * Running ffmpeg: to completion (probing, counting), or as a long-lived process that frames are
 * streamed out of (reading) or into (writing). The binary is core's `ffmpegPath()`.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { ffmpegPath } from '../samples/sample-faces.js';
import { ConvertError } from '../util/errors.js';

export interface FfmpegResult {
  code: number;
  stdout: Buffer;
  stderr: string;
}

/** Runs ffmpeg with `args` and collects its output; never rejects on a non-zero exit (probing relies on that). */
export function runFfmpeg(args: string[]): Promise<FfmpegResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(ffmpegPath(), ['-hide_banner', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('error', (error) => reject(new ConvertError(`cannot run ffmpeg (${ffmpegPath()}): ${error.message}`)));
    child.on('close', (code) => resolve({ code: code ?? -1, stdout: Buffer.concat(out), stderr }));
  });
}

/** The last lines of ffmpeg's stderr, for error messages. */
export function ffmpegTail(stderr: string, lines = 4): string {
  return stderr.trim().split('\n').slice(-lines).join(' | ');
}

/** Starts a long-running ffmpeg; stderr is kept for error messages. */
export function spawnFfmpeg(args: string[], stdin: 'pipe' | 'ignore'): { child: ChildProcess; stderr: () => string; exited: Promise<number> } {
  const child = spawn(ffmpegPath(), ['-hide_banner', '-nostdin', ...args], { stdio: [stdin, 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr!.on('data', (chunk) => {
    // Keep the tail only: a long conversion must not grow this without bound.
    stderr = (stderr + chunk).slice(-8000);
  });
  const exited = new Promise<number>((resolve, reject) => {
    child.on('error', (error) => reject(new ConvertError(`cannot run ffmpeg (${ffmpegPath()}): ${error.message}`)));
    child.on('close', (code, signal) => resolve(code ?? (signal ? 128 : -1)));
  });
  return { child, stderr: () => stderr, exited };
}
