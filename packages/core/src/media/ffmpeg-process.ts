/**
 * Running ffmpeg: as a process that frames are streamed out of (decoding) or into (encoding), or
 * to completion with its output collected (probing, counting, cutting sample faces).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import type { ErrorClass } from './error-class.js';
import { ffmpegPath } from './ffmpeg-path.js';

export interface FfmpegProcess {
  child: ChildProcess;
  /** What ffmpeg wrote to stderr (its tail when `keepStderr` is set). */
  stderr: () => string;
  /** The exit code (128 when killed by a signal); rejects with `fail` when ffmpeg cannot be started. */
  exited: Promise<number>;
}

export interface FfmpegResult {
  code: number;
  stdout: Buffer;
  stderr: string;
}

/**
 * Starts ffmpeg with `args` (after -hide_banner -nostdin); stdout is a pipe for the caller to read.
 * `keepStderr` keeps only that many last characters, so a long run does not grow it without bound.
 */
export function spawnFfmpeg(args: string[], options: { stdin: 'pipe' | 'ignore'; fail: ErrorClass; keepStderr?: number }): FfmpegProcess {
  const binary = ffmpegPath(options.fail);
  const child = spawn(binary, ['-hide_banner', '-nostdin', ...args], { stdio: [options.stdin, 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr!.on('data', (chunk) => {
    stderr += chunk;
    if (options.keepStderr !== undefined) stderr = stderr.slice(-options.keepStderr);
  });
  const exited = new Promise<number>((resolve, reject) => {
    child.on('error', (error) => reject(new options.fail(`cannot run ffmpeg (${binary}): ${error.message}`)));
    child.on('close', (code, signal) => resolve(code ?? (signal ? 128 : -1)));
  });
  // Marked handled here: a caller busy reading stdout awaits it later, and still gets the rejection.
  exited.catch(() => undefined);
  return { child, stderr: () => stderr, exited };
}

/** Runs ffmpeg with `args` and collects its output; never rejects on a non-zero exit (probing relies on that). */
export async function runFfmpeg(args: string[], fail: ErrorClass): Promise<FfmpegResult> {
  const ffmpeg = spawnFfmpeg(args, { stdin: 'ignore', fail });
  const out: Buffer[] = [];
  ffmpeg.child.stdout!.on('data', (chunk: Buffer) => out.push(chunk));
  const code = await ffmpeg.exited;
  return { code, stdout: Buffer.concat(out), stderr: ffmpeg.stderr() };
}

/** The last lines of ffmpeg's stderr, for error messages. */
export function ffmpegTail(stderr: string, lines = 4): string {
  return stderr.trim().split('\n').slice(-lines).join(' | ');
}
