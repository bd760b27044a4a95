// The quality bench's second phase, on a trained model folder (see quality.mjs):
//   - fusion: the K best snapshots by identity score averaged into <model>_fused_top<K> (what
//     `faceforge snapshots fuse` does), then the fused model and the best single snapshot validated
//     again, side by side in this process, on the held-out faces the training recorded;
//   - the curve: the loss graph with its validation panel, written to --curve;
//   - convert: a clip of person A from the held-out time segment converted with the best snapshot,
//     with the identity summary convert prints and the share of the time it cost.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { clmtrackrMediaDir, createForge } from '@faceforge/core';
import { convert } from '@faceforge/core/convert';
import { ffmpegPath } from '@faceforge/core/media';
import { renderLossGraph } from '@faceforge/core/monitor';
import { formatValidationLine, formatValidationSummary, fuseModels, rankSnapshots, readState, validateModelDir } from '@faceforge/core/train';

const f3 = (v) => v.toFixed(3);

function row(label, r) {
  return `  ${label.padEnd(38)} ${f3(r.aToB.toB)}   ${f3(r.aToB.toA)}   ${String(Math.round(r.aToB.nearerB * 100)).padStart(3)}%   ${f3(r.aToA.toB)}   ${f3(r.bToA.toA)}   ${String(Math.round((1 - r.bToA.nearerB) * 100)).padStart(3)}%   ${f3(r.ssim.a)}  ${f3(r.ssim.b)}  ${r.score >= 0 ? '+' : ''}${f3(r.score)}`;
}
const HEADER = `  ${''.padEnd(38)} A>B:B   A>B:A   isB    A>A:B   B>A:A   isA    SSIM-A SSIM-B score`;

export async function evaluateFusion({ modelDir, top, curve, convertSeconds, log }) {
  const forge = await createForge({ log });
  const state = await readState(modelDir);
  if (!state) throw new Error(`${modelDir}: no model`);
  const started = new Date(state.sessions[0].start).getTime();
  console.log(`model: ${modelDir}, ${state.iterations} iterations`);
  for (const line of formatValidationSummary(state)) console.log(line);
  console.log('\nthe curve (minutes since training started, on this machine):');
  for (const r of state.validation ?? []) {
    console.log(`  ${((new Date(r.time).getTime() - started) / 60_000).toFixed(1).padStart(5)} min  ${formatValidationLine(r)}`);
  }

  if (curve) {
    const png = await renderLossGraph(state.lossHistory, { validation: state.validation, title: `${state.model}: loss and identity of held-out swaps per iteration` });
    await writeFile(curve, png);
    console.log(`\ncurve: ${curve}`);
  }

  const ranked = (await rankSnapshots(modelDir)).filter((s) => s.validation);
  console.log(`\nsnapshots by identity score: ${ranked.map((s) => `${s.iterations} (${s.validation.score >= 0 ? '+' : ''}${f3(s.validation.score)})`).join(', ') || 'none'}`);
  if (top > 0) {
    if (ranked.length < top) {
      console.log(`fusion: only ${ranked.length} validated snapshot(s), fewer than --top ${top}: train longer`);
    } else {
      const chosen = ranked.slice(0, top);
      const fusedDir = `${modelDir}_fused_top${top}`;
      await rm(fusedDir, { recursive: true, force: true });
      const fused = await fuseModels(chosen.map((s) => s.dir), fusedDir);
      console.log(`fused ${fused.tensors} weights of snapshots ${chosen.map((s) => s.iterations).join(', ')} into ${fusedDir}`);
      // both measured again here, the same way, one after the other
      const best = await validateModelDir(forge, chosen[0].dir);
      const mixed = await validateModelDir(forge, fusedDir);
      console.log(HEADER);
      console.log(row(`best single (${basename(chosen[0].dir)})`, best));
      console.log(row(`fused top ${top}`, mixed));
      const gain = mixed.score - best.score;
      console.log(`  -> the fusion ${gain > 0 ? 'beats' : 'does not beat'} the best single snapshot: score ${gain >= 0 ? '+' : ''}${f3(gain)}, ` +
        `A>B distance to B ${f3(mixed.aToB.toB - best.aToB.toB)}, is-B share ${Math.round((mixed.aToB.nearerB - best.aToB.nearerB) * 100)} points`);
    }
  }

  if (convertSeconds > 0) {
    const chosen = ranked[0]?.dir ?? modelDir;
    // franck.mp4 is 200 s long; the held-out segment is its last 15 %
    const work = await mkdtemp(join(tmpdir(), 'ff-quality-convert-'));
    const clip = join(work, 'clip.mp4');
    const cut = spawnSync(ffmpegPath(), ['-v', 'error', '-y', '-nostdin', '-ss', '185', '-i', join(clmtrackrMediaDir(), 'franck.mp4'), '-t', String(convertSeconds), '-an', '-c:v', 'libx264', '-crf', '18', clip]);
    if (cut.status !== 0) throw new Error(String(cut.stderr));
    const result = await convert(forge, { input: clip, modelDir: chosen, output: join(work, 'out.mp4'), maskType: 'extended', batchSize: 8 });
    const id = result.identity;
    console.log(`\nconvert (${basename(chosen)}, ${convertSeconds} s of franck.mp4 from 185 s, face-api detection per frame): ${result.written} frames, ${result.faces} faces in ${result.seconds.toFixed(1)} s`);
    console.log(id
      ? `  identity: ${id.sampled} of ${result.faces} faces sampled, to A ${f3(id.toA)} to B ${f3(id.toB)}, nearer B ${Math.round(id.nearerB * 100)}%; it cost ${id.seconds.toFixed(2)} s = ${(id.share * 100).toFixed(1)}% of the conversion`
      : '  identity: not measured');
    await rm(work, { recursive: true, force: true });
  }
}
