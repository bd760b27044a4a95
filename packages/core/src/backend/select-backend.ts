import * as tf from '@tensorflow/tfjs';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { installWasmKernels } from './wasm-kernels.js';
import { installCpuKernels } from './cpu-kernels.js';
import { registerDepthToSpaceGradient } from './depth-to-space-grad.js';
import { registerLeakyReluGradient } from './leaky-relu-grad.js';
import { registerMirrorPadGradient } from './mirror-pad-grad.js';

export interface BackendInfo {
  /** The tfjs backend now active. */
  name: string;
  /** Backends tried before it (or, on an explicit request, the ones that failed) and why they were not used. */
  tried: Array<{ name: string; reason: string }>;
}

export interface SelectBackendOptions {
  /** Backend to use; defaults to env FACEFORGE_BACKEND, else the first that works in preference order. */
  requested?: string;
  log?: (line: string) => void;
}

/** Preference order: native TensorFlow, our own native backend, then the portable ones. */
export const BACKEND_NAMES = ['tensorflow', 'native', 'wasm', 'cpu'] as const;

const require = createRequire(import.meta.url);

/** Imports a package that may legitimately be absent; the thrown Error's message is the user-facing reason. */
async function importOptional(pkg: string): Promise<unknown> {
  try {
    return await import(pkg);
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    if ((e.code === 'ERR_MODULE_NOT_FOUND' || e.code === 'MODULE_NOT_FOUND') && String(e.message).includes(pkg)) {
      throw new Error(`${pkg} is not installed`);
    }
    throw new Error(`${pkg} failed to load: ${String(e.message ?? e).split('\n')[0]}`);
  }
}

function requireFactory(name: string, pkg: string): void {
  // A package resolved against a different copy of tfjs-core registers into an engine we cannot see.
  if (!tf.findBackendFactory(name)) throw new Error(`${pkg} loaded but did not register a '${name}' backend with this @tensorflow/tfjs`);
}

async function loadTensorflow(): Promise<void> {
  // libtensorflow logs device/CPU-feature info lines at startup unless told otherwise.
  process.env.TF_CPP_MIN_LOG_LEVEL ??= '2';
  const reasons: string[] = [];
  for (const pkg of ['@tensorflow/tfjs-node-gpu', '@tensorflow/tfjs-node']) {
    try {
      await importOptional(pkg);
      requireFactory('tensorflow', pkg);
      return;
    } catch (err) {
      reasons.push((err as Error).message);
    }
  }
  throw new Error(reasons.join('; '));
}

async function loadNative(): Promise<void> {
  await importOptional('@faceforge/backend-native');
  requireFactory('native', '@faceforge/backend-native');
}

let wasmPathsSet = false;
async function loadWasm(): Promise<void> {
  const wasm = (await importOptional('@tensorflow/tfjs-backend-wasm')) as typeof import('@tensorflow/tfjs-backend-wasm');
  // Point at the .wasm files shipped next to the package's main file, so nothing is fetched from a CDN.
  // setWasmPaths throws once the backend has initialised, hence the guard for repeated calls.
  if (!wasmPathsSet && !tf.engine().registry['wasm']) {
    wasm.setWasmPaths(dirname(require.resolve('@tensorflow/tfjs-backend-wasm')) + '/');
    wasmPathsSet = true;
  }
  requireFactory('wasm', '@tensorflow/tfjs-backend-wasm');
}

async function loadCpu(): Promise<void> {
  requireFactory('cpu', '@tensorflow/tfjs');
}

const loaders: Record<(typeof BACKEND_NAMES)[number], () => Promise<void>> = {
  tensorflow: loadTensorflow,
  native: loadNative,
  wasm: loadWasm,
  cpu: loadCpu,
};

function silenceCpuBanner(): void {
  // The cpu backend (and native, which extends it) prints "install tfjs-node to speed things up" on
  // first use; we choose backends deliberately (and tfjs-node may not install at all), so it is
  // noise. Only that banner is muted.
  for (const name of ['cpu', 'native']) {
    if (!tf.findBackendFactory(name)) continue;
    const backend = tf.findBackend(name) as unknown as { firstUse?: boolean } | null;
    if (backend && 'firstUse' in backend) backend.firstUse = false;
  }
}

function installPatches(name: string): void {
  registerDepthToSpaceGradient();
  registerLeakyReluGradient();
  registerMirrorPadGradient();
  if (name === 'wasm') installWasmKernels();
  if (name === 'cpu') installCpuKernels();
}

/** Loads and activates one backend; throws an Error whose message is the reason it cannot be used. */
async function activate(name: (typeof BACKEND_NAMES)[number]): Promise<void> {
  await loaders[name]();
  let ok: boolean;
  try {
    ok = await tf.setBackend(name);
  } catch (err) {
    throw new Error(`initialisation failed: ${(err as Error).message}`);
  }
  if (!ok) throw new Error('initialisation failed (see the tfjs warning above)');
  silenceCpuBanner();
  installPatches(name);
  await tf.ready();
}

/** Which backends could be loaded here, without switching to them; for error messages. */
async function survey(skip: string): Promise<{ available: string[]; failed: Array<{ name: string; reason: string }> }> {
  const available: string[] = [];
  const failed: Array<{ name: string; reason: string }> = [];
  for (const name of BACKEND_NAMES) {
    if (name === skip) continue;
    try {
      await loaders[name]();
      available.push(name);
    } catch (err) {
      failed.push({ name, reason: (err as Error).message });
    }
  }
  return { available, failed };
}

const isKnown = (name: string): name is (typeof BACKEND_NAMES)[number] => (BACKEND_NAMES as readonly string[]).includes(name);

/**
 * Picks and activates the tfjs backend: an explicit request (option, else env FACEFORGE_BACKEND) or the
 * first working one of tensorflow (tfjs-node-gpu, tfjs-node), native (@faceforge/backend-native), wasm,
 * cpu. Installs that backend's kernel patches and the DepthToSpace gradient. Safe to call repeatedly.
 */
export async function selectBackend(options: SelectBackendOptions = {}): Promise<BackendInfo> {
  const log = options.log ?? (() => {});
  silenceCpuBanner();
  const fromEnv = process.env.FACEFORGE_BACKEND?.trim();
  const requested = options.requested?.trim() || fromEnv || undefined;
  const tried: Array<{ name: string; reason: string }> = [];

  if (requested !== undefined) {
    const source = options.requested?.trim() ? 'requested' : 'requested via FACEFORGE_BACKEND';
    let why: string;
    if (isKnown(requested)) {
      try {
        await activate(requested);
        log(`backend: using ${requested} (${source})`);
        return { name: requested, tried };
      } catch (err) {
        why = `backend '${requested}' was ${source} but cannot be used: ${(err as Error).message}`;
        tried.push({ name: requested, reason: (err as Error).message });
      }
    } else {
      why = `unknown backend '${requested}' (${source}); known backends: ${BACKEND_NAMES.join(', ')}`;
    }
    const { available, failed } = await survey(requested);
    const others = failed.map((f) => `${f.name}: ${f.reason}`).join('; ');
    throw new Error(`${why}. Available here: ${available.join(', ') || 'none'}${others ? `. Unavailable: ${others}` : ''}.`);
  }

  for (const name of BACKEND_NAMES) {
    try {
      await activate(name);
      log(`backend: using ${name}`);
      return { name, tried };
    } catch (err) {
      const reason = (err as Error).message;
      tried.push({ name, reason });
      log(`backend: ${name} unavailable: ${reason}`);
    }
  }
  throw new Error(`no tfjs backend could be activated: ${tried.map((t) => `${t.name}: ${t.reason}`).join('; ')}`);
}
