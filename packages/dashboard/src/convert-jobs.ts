/**
 * Convert jobs started from the dashboard: `faceforge convert` in a child process (png frames into
 * `<media folder>/converted/<input>__<model>/`), its progress read from the plain lines it prints
 * (`frames 10/120 ...`), and a before/after pair: the newest written frame beside the same frame
 * of the input (the image of that name, or that frame cut from the video with ffmpeg).
 */
import { execFile, fork } from 'node:child_process';
import { readdir, stat } from 'node:fs/promises';
import { basename, extname, join } from 'node:path';
import { promisify } from 'node:util';
import { ffmpegPath } from '@faceforge/core/media';
import type { EventHub } from './event-hub.js';
import { RunRefusedError, type TrainCommand } from './training-runs.js';

export const VIDEO = /\.(mp4|mov|avi|mkv|webm|m4v)$/i;
const FRAME_FILE = /\.(png|jpe?g)$/i;

export interface ConvertJob {
  id: number;
  model: string;
  input: string;
  /** The input relative to its media root. */
  inputPath: string;
  /** Relative to the media root: `converted/<input>__<model>`. */
  output: string;
  mediaRoot: number;
  done: number;
  total?: number;
  state: 'running' | 'finished' | 'failed' | 'stopped';
  log: string[];
}

export interface ConvertRequest {
  model: string;
  modelDir: string;
  /** Absolute input (video or folder of images), inside a media root. */
  input: string;
  /** The input relative to the media root. */
  inputPath: string;
  /** Absolute output folder, inside the same media root. */
  outputDir: string;
  outputRelative: string;
  mediaRoot: number;
}

const PROGRESS = /frames (\d+)(?:\/(\d+))?/;

export class ConvertJobs {
  private readonly jobs: ConvertJob[] = [];
  private readonly stops = new Map<number, () => void>();

  constructor(private readonly hub: EventHub, private readonly command: TrainCommand | undefined) {}

  list(): ConvertJob[] {
    return this.jobs;
  }

  get(id: number): ConvertJob | undefined {
    return this.jobs.find((job) => job.id === id);
  }

  start(request: ConvertRequest): ConvertJob {
    if (!this.command) throw new RunRefusedError('this dashboard cannot run convert (no faceforge command to run)');
    const job: ConvertJob = {
      id: this.jobs.length + 1, model: request.model, input: basename(request.input), inputPath: request.inputPath, output: request.outputRelative, mediaRoot: request.mediaRoot,
      done: 0, state: 'running', log: [],
    };
    this.jobs.push(job);
    const args = ['convert', '-i', request.input, '-m', request.modelDir, '-o', request.outputDir, '-w', 'png'];
    const child = fork(this.command.bin, args, { env: { ...process.env, ...this.command.env, CI: '1' }, stdio: ['ignore', 'pipe', 'pipe', 'ipc'], detached: true });
    const read = (text: string) => {
      for (const line of text.split(/\r?\n/).filter((l) => l.trim())) {
        job.log.push(line);
        if (job.log.length > 100) job.log.shift();
        const progress = PROGRESS.exec(line);
        if (progress) {
          job.done = Number(progress[1]);
          if (progress[2]) job.total = Number(progress[2]);
        }
      }
      this.hub.publish({ type: 'convert', job: job.id });
    };
    child.stdout?.setEncoding('utf8').on('data', read);
    child.stderr?.setEncoding('utf8').on('data', read);
    this.stops.set(job.id, () => child.kill('SIGTERM'));
    child.on('exit', (code, signal) => {
      job.state = signal ? 'stopped' : code === 0 ? 'finished' : 'failed';
      if (job.state === 'finished' && job.total !== undefined) job.done = job.total;
      this.stops.delete(job.id);
      this.hub.publish({ type: 'convert', job: job.id });
    });
    this.hub.publish({ type: 'convert', job: job.id });
    return job;
  }

  stop(id: number): boolean {
    const stop = this.stops.get(id);
    stop?.();
    return stop !== undefined;
  }

  stopAll(): void {
    for (const stop of this.stops.values()) stop();
  }
}

/** The newest frame written so far (by name: frames are numbered), if any. */
export async function latestOutputFrame(outputDir: string): Promise<string | undefined> {
  const names = (await readdir(outputDir).catch(() => [] as string[])).filter((n) => FRAME_FILE.test(n)).sort();
  return names.at(-1);
}

/**
 * The input frame an output frame came from: for a folder of images, the image of the same stem;
 * for a video, frame N (from the output's `_<N>` suffix, counted from 1) cut out as a PNG.
 */
export async function inputFrame(input: string, outputName: string): Promise<{ file: string } | { png: Buffer }> {
  if ((await stat(input)).isDirectory()) {
    const stem = basename(outputName, extname(outputName));
    const match = (await readdir(input)).find((n) => FRAME_FILE.test(n) && basename(n, extname(n)) === stem);
    if (!match) throw new Error(`no input image for ${outputName}`);
    return { file: join(input, match) };
  }
  const frame = /_(\d+)\.\w+$/.exec(outputName);
  if (!frame) throw new Error(`${outputName} names no frame number`);
  const { stdout } = await promisify(execFile)(ffmpegPath(), [
    '-v', 'error', '-i', input, '-vf', `select=eq(n\\,${Number(frame[1]) - 1})`, '-frames:v', '1', '-f', 'image2pipe', '-vcodec', 'png', '-',
  ], { encoding: 'buffer', maxBuffer: 64 << 20 });
  return { png: stdout };
}
