// MirrorPad and its gradient (faceswap's ReflectionPadding2D, [global] reflect_padding), tfjs/TF
// semantics: 'reflect' mirrors about the edge element (x[1] x[0] | x[0] x[1] ...), 'symmetric'
// repeats it (x[0] | x[0] x[1] ...). Each padding is at most the axis length (TF's rule), so a
// padded index maps to one input index.
#include "kernels.h"

namespace ff {

// Input index read by index c (relative to the first input element) of an axis of length n.
static inline idx mirror(idx c, idx n, idx symmetric) {
  return c < 0 ? -c - symmetric : c >= n ? 2 * (n - 1) - c + symmetric : c;
}

void mirror_pad(const float* x, int rank, const idx* shape, const idx* before, const idx* after, bool symmetric, float* y) {
  idx out_shape[8], in_stride[8], rows = 1;
  const idx sym = symmetric ? 1 : 0;
  idx stride = 1;
  for (int i = rank - 1; i >= 0; --i) { in_stride[i] = stride; stride *= shape[i]; }
  for (int i = 0; i < rank; ++i) out_shape[i] = before[i] + shape[i] + after[i];
  for (int i = 0; i < rank - 1; ++i) rows *= out_shape[i];
  const idx run = out_shape[rank - 1], n_in = shape[rank - 1], b_in = before[rank - 1];
  if (rows == 0 || run == 0) return;
  const bool plain_run = b_in == 0 && after[rank - 1] == 0;
  parallel_for(rows, std::max<idx>(1, (idx)4096 / run), [=](idx b, idx e) {
    for (idx row = b; row < e; ++row) {
      // the input row this output row reads: mirror each outer coordinate
      idx src = 0;
      for (idx i = rank - 2, r = row; i >= 0; --i) {
        const idx o = r % out_shape[i];
        r /= out_shape[i];
        src += mirror(o - before[i], shape[i], sym) * in_stride[i];
      }
      const float* in = x + src;
      float* dst = y + row * run;
      if (plain_run) std::copy(in, in + run, dst);
      else for (idx j = 0; j < run; ++j) dst[j] = in[mirror(j - b_in, n_in, sym)];
    }
  });
}

// The gradient folds every padded border back onto the input elements it was copied from, one axis
// at a time (the pad is a product of per-axis copies): dx[c] = dy[c + before] + dy[p] for each
// padded p with mirror(p - before) = c. Each output row gathers its terms: no two tasks write one element.
void mirror_pad_grad(const float* dy, int rank, const idx* shape, const idx* before, const idx* after, bool symmetric, float* dx) {
  const idx sym = symmetric ? 1 : 0;
  idx cur[8];
  for (int i = 0; i < rank; ++i) cur[i] = before[i] + shape[i] + after[i];
  int last = -1;  // the last padded axis writes dx
  for (int i = 0; i < rank; ++i) if (before[i] + after[i] > 0) last = i;
  idx total = 1;
  for (int i = 0; i < rank; ++i) total *= cur[i];
  if (last < 0) { std::copy(dy, dy + total, dx); return; }
  std::vector<float> bufs[2];
  int next_buf = 0;
  const float* in = dy;
  for (int k = 0; k <= last; ++k) {
    if (before[k] + after[k] == 0) continue;
    idx outer = 1, inner = 1;
    for (int i = 0; i < k; ++i) outer *= cur[i];
    for (int i = k + 1; i < rank; ++i) inner *= cur[i];
    const idx n = shape[k], len = cur[k], b0 = before[k];
    float* out;
    if (k == last) out = dx;
    else { std::vector<float>& buf = bufs[next_buf ^= 1]; buf.resize(outer * n * inner); out = buf.data(); }
    if (outer * n * inner > 0) {
      parallel_for(outer * n, std::max<idx>(1, (idx)4096 / std::max<idx>(inner, 1)), [=](idx b, idx e) {
        for (idx r = b; r < e; ++r) {
          const idx o = r / n, c = r % n;
          const float* src = in + o * len * inner;
          float* dst = out + r * inner;
          std::copy(src + (c + b0) * inner, src + (c + b0 + 1) * inner, dst);
          for (idx p = 0; p < len; ++p) {
            if (p == b0) p = b0 + n;  // the centre is copied above; on to the after border
            if (p >= len || mirror(p - b0, n, sym) != c) continue;
            const float* add = src + p * inner;
            for (idx j = 0; j < inner; ++j) dst[j] += add[j];
          }
        }
      });
    }
    cur[k] = n;
    in = out;
  }
}

}  // namespace ff
