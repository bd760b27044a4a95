/**
 * The training runs this dashboard controls. A run it starts is `faceforge train` in a child
 * process (the server stays responsive while steps run), fed back through the trainer's hooks over
 * IPC; stop sends it SIGINT, exactly what Ctrl-C does: it finishes the step, saves and exits. A
 * run in the dashboard's own process (`train --dashboard`) registers itself with its own stop.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';
import type { EventHub } from './event-hub.js';
import { DASHBOARD_EVENTS_ENV, isTrainingEvent, type TrainingEvent } from './training-events.js';
import type { RunInfo } from './api/api-types.js';

export type { RunInfo };

export interface TrainRequest {
  modelDir: string;
  inputA: string;
  inputB: string;
  trainer?: string;
  batchSize: number;
  iterations: number;
  saveInterval: number;
  /** The model's train.ini (only the keys the form changed), or none. */
  configFile?: string;
  /** Encoder pack NAME@RANGE for a new model. */
  encoder?: string;
}

interface Run extends RunInfo {
  stop(): void;
  /** Save at the end of the current step (the trainer's own save, as at each interval). */
  save(): void;
  /** Resolves when the run has ended. */
  ended: Promise<void>;
}

const LOG_LINES = 200;

/** A run that cannot start now (already training, no command to run): the page gets 409 and this message. */
export class RunRefusedError extends Error {
  override name = 'RunRefusedError';
}

/** How to run `faceforge` (the CLI's bin script), given by the CLI so this package need not know it. */
export interface TrainCommand {
  bin: string;
  /** Extra environment of the child. */
  env?: Record<string, string>;
}

export class TrainingRuns {
  private readonly runs = new Map<string, Run>();

  constructor(private readonly hub: EventHub, private readonly command: TrainCommand | undefined) {}

  private key(modelDir: string): string {
    return resolve(modelDir);
  }

  get(modelDir: string): RunInfo | undefined {
    const run = this.runs.get(this.key(modelDir));
    return run && { model: run.model, modelDir: run.modelDir, origin: run.origin, started: run.started, pid: run.pid, log: run.log, running: run.running, exitCode: run.exitCode };
  }

  isRunning(modelDir: string): boolean {
    return this.runs.get(this.key(modelDir))?.running ?? false;
  }

  /** Forwards one of the trainer's events to every open page. */
  trainingEvent(model: string, event: TrainingEvent): void {
    this.hub.publish({ ...event, model });
  }

  private appendLog(run: Run, text: string): void {
    for (const line of text.split(/\r?\n|\r/)) {
      if (!line.trim()) continue;
      run.log.push(line);
      if (run.log.length > LOG_LINES) run.log.splice(0, run.log.length - LOG_LINES);
      this.hub.publish({ type: 'log', model: run.model, line });
    }
  }

  /** Registers a run in this process (`train --dashboard`): `stop` is its Ctrl-C. */
  registerInProcess(model: string, modelDir: string, stop: () => void, save: () => void): { log: (line: string) => void; finished: (code: number) => void } {
    let ended!: () => void;
    const run: Run = { model, modelDir, origin: 'this-process', started: new Date().toISOString(), pid: process.pid, log: [], running: true, stop, save, ended: new Promise((done) => (ended = done)) };
    this.runs.set(this.key(modelDir), run);
    this.hub.publish({ type: 'training', model, running: true });
    return {
      log: (line) => this.appendLog(run, line),
      finished: (code) => {
        run.running = false;
        run.exitCode = code;
        this.hub.publish({ type: 'training', model, running: false, code });
        ended();
      },
    };
  }

  /** Starts `faceforge train` for the request in a child process. */
  start(model: string, request: TrainRequest): RunInfo {
    if (!this.command) throw new RunRefusedError('this dashboard cannot start training (no faceforge command to run)');
    if (this.isRunning(request.modelDir)) throw new RunRefusedError(`${model} is already training from this dashboard`);
    const args = ['train', '-A', request.inputA, '-B', request.inputB, '-m', request.modelDir, '-b', String(request.batchSize), '-i', String(request.iterations), '-s', String(request.saveInterval)];
    if (request.trainer) args.push('-t', request.trainer);
    if (request.configFile) args.push('-c', request.configFile);
    if (request.encoder) args.push('--encoder', request.encoder);
    const child: ChildProcess = fork(this.command.bin, args, {
      // Plain progress lines (no live bar) for the page's log.
      env: { ...process.env, ...this.command.env, CI: '1', [DASHBOARD_EVENTS_ENV]: '1' },
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
      // Its own process group: a Ctrl-C in the dashboard's terminal reaches the dashboard alone,
      // which then stops the run once (a second SIGINT would make train quit without saving).
      detached: true,
    });
    const run: Run = {
      model, modelDir: request.modelDir, origin: 'dashboard', started: new Date().toISOString(), pid: child.pid ?? 0, log: [], running: true,
      stop: () => child.kill('SIGINT'),
      save: () => child.send({ type: 'save' }),
      ended: new Promise((done) => child.once('exit', () => done())),
    };
    this.runs.set(this.key(request.modelDir), run);
    this.appendLog(run, `faceforge ${args.join(' ')}`);
    child.stdout?.setEncoding('utf8').on('data', (text: string) => this.appendLog(run, text));
    child.stderr?.setEncoding('utf8').on('data', (text: string) => this.appendLog(run, text));
    child.on('message', (message) => {
      if (isTrainingEvent(message)) this.trainingEvent(model, message);
    });
    child.on('exit', (code) => {
      run.running = false;
      run.exitCode = code;
      this.appendLog(run, `training ended (exit code ${code})`);
      this.hub.publish({ type: 'training', model, running: false, code });
    });
    this.hub.publish({ type: 'training', model, running: true });
    return this.get(request.modelDir)!;
  }

  /** The same clean stop as Ctrl-C: finish the step, save, exit. */
  stop(modelDir: string): boolean {
    const run = this.runs.get(this.key(modelDir));
    if (!run?.running) return false;
    run.stop();
    return true;
  }

  /** Asks a running run to save at the end of its current step. */
  save(modelDir: string): boolean {
    const run = this.runs.get(this.key(modelDir));
    if (!run?.running) return false;
    run.save();
    return true;
  }

  /** Stops every run this dashboard started (the dashboard is closing) and waits until they have saved and exited. */
  async stopAll(): Promise<void> {
    const stopping = [...this.runs.values()].filter((run) => run.running && run.origin === 'dashboard');
    for (const run of stopping) run.stop();
    await Promise.all(stopping.map((run) => run.ended));
  }
}
