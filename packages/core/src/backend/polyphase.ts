/**
 * One output phase of a strided transposed convolution along one axis.
 * dx positions i ≡ phase (mod stride) only receive filter taps k ≡ (phase + padBefore) (mod stride),
 * so each phase is a dense stride-1 correlation of dy with that (flipped) sub-kernel.
 */
export interface AxisPhase {
  /** Output (dx) offset of this phase: dx index = phase + stride·q. */
  phase: number;
  /** Number of dx positions in the phase. */
  count: number;
  /** First filter tap of the phase (taps are first, first+stride, …). */
  firstTap: number;
  /** Number of filter taps in the phase; 0 means dx is zero there. */
  taps: number;
  /** Padding of dy for the stride-1 correlation; negative means dy would have to be cropped. */
  padBefore: number;
  padAfter: number;
}

/** Splits one axis (dx size `inSize`, dy size `outSize`, filter `k`, stride `s`, forward pad `pad`) into phases. */
export function axisPhases(inSize: number, outSize: number, k: number, s: number, pad: number): AxisPhase[] {
  const phases: AxisPhase[] = [];
  for (let p = 0; p < s; p++) {
    const count = p < inSize ? Math.ceil((inSize - p) / s) : 0;
    const firstTap = (p + pad) % s;
    const taps = firstTap < k ? Math.ceil((k - firstTap) / s) : 0;
    // dx[p+s·q] = Σ_j dy[q + c − j]·w[firstTap + s·j], c = ⌊(p+pad)/s⌋; flipping j makes it a correlation.
    const c = Math.floor((p + pad) / s);
    const padBefore = taps - 1 - c;
    const padAfter = count - 1 + taps - outSize - padBefore;
    phases.push({ phase: p, count, firstTap, taps, padBefore, padAfter });
  }
  return phases;
}
