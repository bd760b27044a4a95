// Conv2D forward / backprop-input / backprop-filter and (batched) matmul on top of the SGEMM driver.
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <vector>

#include "kernels.h"

namespace ff {
namespace {
struct BiasAct : Epilogue {
  const float* bias;
  int act;
  float alpha;
  BiasAct(const float* b, int a, float al) : bias(b), act(a), alpha(al) {}
  void apply(float* c, idx ldc, idx, idx j0, idx m, idx n) const override {
    for (idx i = 0; i < m; ++i) bias_act_row(c + i * ldc, bias ? bias + j0 : nullptr, n, act, alpha);
  }
};

// Implicit im2col: A(i = output pixel (n,oh,ow), k = (kh,kw,c)). The k range splits into runs of one
// tap (kh,kw) and consecutive channels; each run is, for every row, a contiguous slice of x (or zeros
// in the padding), interleaved into the panel by interleave_rows.
struct Im2colA : ASource {
  const float* x;
  ConvDims d;
  const idx* pixel;  // row i is output pixel pixel[i] (TapOrder), or i when null
  Im2colA(const float* x_, const ConvDims& d_, const idx* pixel_ = nullptr) : x(x_), d(d_), pixel(pixel_) {}
  void pack(idx i0, int mr, int MR, idx k0, idx kc, float* dst) const override {
    const idx C = d.C, KW = d.KW, ohw = d.OH * d.OW;
    idx ih0[64], iw0[64];
    const float* base[64];
    for (int r = 0; r < mr; ++r) {
      const idx i = pixel ? pixel[i0 + r] : i0 + r, n = i / ohw, rem = i % ohw, oh = rem / d.OW, ow = rem % d.OW;
      ih0[r] = oh * d.sh - d.pt; iw0[r] = ow * d.sw - d.pl;
      base[r] = x + n * d.H * d.W * C;
    }
    const idx t = k0 / C;
    idx c = k0 % C, kh = t / KW, kw = t % KW, pos = 0;
    const float* rows[64];
    while (pos < kc) {
      const idx run = std::min(C - c, kc - pos);
      for (int r = 0; r < mr; ++r) {
        const idx ih = ih0[r] + kh, iw = iw0[r] + kw;
        rows[r] = ih >= 0 && ih < d.H && iw >= 0 && iw < d.W ? base[r] + (ih * d.W + iw) * C + c : nullptr;
      }
      interleave_rows(rows, mr, MR, run, dst + pos * MR);
      pos += run;
      c = 0;
      if (++kw == KW) { kw = 0; ++kh; }
    }
  }
};

// Transposed implicit im2col: A(i = (kh,kw,c), k = output pixel (n,oh,ow)).
struct Im2colTA : ASource {
  const float* x;
  ConvDims d;
  Im2colTA(const float* x_, const ConvDims& d_) : x(x_), d(d_) {}
  void pack(idx i0, int mr, int MR, idx k0, idx kc, float* dst) const override {
    const idx C = d.C, KW = d.KW, ohw = d.OH * d.OW;
    idx rkh[64], rkw[64], rc[64];
    for (int r = 0; r < mr; ++r) {
      const idx i = i0 + r, t = i / C;
      rc[r] = i % C; rkh[r] = t / KW; rkw[r] = t % KW;
    }
    const bool contiguous = rc[0] + mr <= C;  // all rows share (kh, kw): one contiguous channel run
    idx m = k0, n = m / ohw, rem = m % ohw, oh = rem / d.OW, ow = rem % d.OW;
    for (idx pos = 0; pos < kc; ++pos) {
      float* dd = dst + pos * MR;
      const idx ihb = oh * d.sh - d.pt, iwb = ow * d.sw - d.pl;
      if (contiguous) {
        const idx ih = ihb + rkh[0], iw = iwb + rkw[0];
        if (ih >= 0 && ih < d.H && iw >= 0 && iw < d.W) {
          const float* s = x + ((n * d.H + ih) * d.W + iw) * C + rc[0];
          for (int r = 0; r < mr; ++r) dd[r] = s[r];
        } else {
          for (int r = 0; r < mr; ++r) dd[r] = 0.f;
        }
      } else {
        const float* xn = x + n * d.H * d.W * C;
        for (int r = 0; r < mr; ++r) {
          const idx ih = ihb + rkh[r], iw = iwb + rkw[r];
          dd[r] = (ih >= 0 && ih < d.H && iw >= 0 && iw < d.W) ? xn[(ih * d.W + iw) * C + rc[r]] : 0.f;
        }
      }
      for (int r = mr; r < MR; ++r) dd[r] = 0.f;
      if (++ow == d.OW) { ow = 0; if (++oh == d.OH) { oh = 0; ++n; } }
    }
  }
};

// Rows of a dense matrix picked by index: A(i, k) = p[rows[i] * ld + k].
struct GatherA : ASource {
  const float* p;
  idx ld;
  const idx* rows;
  GatherA(const float* p_, idx ld_, const idx* rows_) : p(p_), ld(ld_), rows(rows_) {}
  void pack(idx i0, int mr, int MR, idx k0, idx kc, float* dst) const override {
    const float* r[64];
    for (int i = 0; i < mr; ++i) r[i] = p + rows[i0 + i] * ld + k0;
    interleave_rows(r, mr, MR, kc, dst);
  }
};

// Small outputs of large filters (the Original encoder's 4x4 maps under a 3x3 or 5x5 filter) spend
// up to a third of their im2col GEMM on taps in the padding. Ordering the GEMM's rows (output pixels)
// by which taps land inside the input makes whole micro-panels share them, so gemm can skip the
// blocks of taps none of a panel's pixels has: the k blocks of the forward product, the column
// blocks of the input gradient's dy x W^T. Used when at most 80% of the taps are inside.
struct TapOrder : BlockZeros {
  std::vector<idx> pixel;       // GEMM row -> output pixel (n*OH + oh)*OW + ow
  std::vector<uint64_t> inside; // GEMM row -> bit t set when tap t lands inside the input
  idx C = 1;
  bool taps_along_k = true;     // the forward product's k runs over (tap, c); the input gradient's columns do
  idx first = 0;                // the GEMM's row 0 is row `first` of the order (a chunk of rows)
  bool zero(idx i0, int mr, idx j0, int nr, idx k0, idx kc) const override {
    uint64_t rows = 0;
    for (int r = 0; r < mr; ++r) rows |= inside[first + i0 + r];
    const idx a = taps_along_k ? k0 : j0, len = taps_along_k ? kc : nr, t0 = a / C, t1 = (a + len - 1) / C;
    const uint64_t block = (t1 >= 63 ? ~uint64_t(0) : (uint64_t(2) << t1) - 1) & ~((uint64_t(1) << t0) - 1);
    return (rows & block) == 0;
  }
};
// The order for a convolution, or false when it has more than 64 taps or few in the padding.
bool tap_order(const ConvDims& d, TapOrder& order) {
  const idx taps = d.KH * d.KW, ohw = d.OH * d.OW;
  if (taps > 64 || d.N * ohw > ((idx)1 << 20)) return false;
  std::vector<uint64_t> at(ohw, 0);
  idx inside = 0;
  for (idx p = 0; p < ohw; ++p)
    for_each_tap(d, p / d.OW, p % d.OW, [&](idx kh, idx kw, idx, idx) { at[p] |= uint64_t(1) << (kh * d.KW + kw); ++inside; });
  if (inside > 0.8 * taps * ohw) return false;
  std::vector<idx> by_taps(ohw);
  for (idx p = 0; p < ohw; ++p) by_taps[p] = p;
  std::stable_sort(by_taps.begin(), by_taps.end(), [&](idx a, idx b) { return at[a] < at[b]; });
  order.C = d.C;
  order.pixel.clear();
  order.inside.clear();
  for (idx p : by_taps)
    for (idx n = 0; n < d.N; ++n) { order.pixel.push_back(n * ohw + p); order.inside.push_back(at[p]); }
  return true;
}

bool is_pointwise(const ConvDims& d) {
  return d.KH == 1 && d.KW == 1 && d.sh == 1 && d.sw == 1 && d.pt == 0 && d.pl == 0 && d.OH == d.H && d.OW == d.W;
}

GrowBuffer g_col;  // col buffer of conv2d_backprop_input (kernels run on one JS thread at a time)
GrowBuffer g_rows;  // forward output rows in TapOrder, before they go to their pixels
}  // namespace

void conv2d_forward(const float* x, const float* w, float* y, const ConvDims& d, const float* bias, int act, float alpha) {
  if (conv2d_direct_forward(x, w, y, d, bias, act, alpha)) return;
  if (conv2d_winograd_forward(x, w, y, d, bias, act, alpha)) return;
  const idx M = d.N * d.OH * d.OW, K = d.KH * d.KW * d.C;
  const BiasAct epi(bias, act, alpha);
  const Epilogue* e = (bias || act != ACT_LINEAR) ? &epi : nullptr;
  const DenseB B(w, d.CO, false);
  TapOrder order;
  if (is_pointwise(d)) {
    gemm(M, d.CO, K, DenseA(x, d.C, false), B, y, d.CO, false, e);
  } else if (tap_order(d, order)) {
    float* rows = g_rows.get((size_t)M * d.CO);
    gemm(M, d.CO, K, Im2colA(x, d, order.pixel.data()), B, rows, d.CO, false, e, false, &order);
    parallel_for(M, 16, [&](idx b, idx end) {
      for (idx i = b; i < end; ++i) std::memcpy(y + order.pixel[i] * d.CO, rows + i * d.CO, sizeof(float) * d.CO);
    });
  } else {
    gemm(M, d.CO, K, Im2colA(x, d), B, y, d.CO, false, e);
  }
}

void conv2d_backprop_filter(const float* x, const float* dy, float* dw, const ConvDims& d) {
  if (conv2d_direct_backprop_filter(x, dy, dw, d)) return;
  if (conv2d_winograd_backprop_filter(x, dy, dw, d)) return;
  const idx M = d.N * d.OH * d.OW, K = d.KH * d.KW * d.C;
  const DenseB B(dy, d.CO, false);
  if (is_pointwise(d)) gemm(K, d.CO, M, DenseA(x, d.C, true), B, dw, d.CO, false, nullptr);
  else gemm(K, d.CO, M, Im2colTA(x, d), B, dw, d.CO, false, nullptr);
}

void conv2d_backprop_input(const float* dy, const float* w, float* dx, const ConvDims& d) {
  if (conv2d_direct_backprop_input(dy, w, dx, d)) return;
  if (conv2d_winograd_backprop_input(dy, w, dx, d)) return;
  const idx M = d.N * d.OH * d.OW, K = d.KH * d.KW * d.C;
  const DenseB Wt(w, d.CO, true);  // B(co, k) = w[k*CO + co]
  if (is_pointwise(d)) { gemm(M, K, d.CO, DenseA(dy, d.CO, false), Wt, dx, K, false, nullptr); return; }
  // dcol = dy x W^T in row chunks (bounded scratch), then col2im scatter-add, parallel over channels.
  // dx may be a recycled array: clear it before accumulating.
  parallel_for(d.N * d.H * d.W * d.C, 1 << 16, [=](idx b, idx e) { std::memset(dx + b, 0, sizeof(float) * (e - b)); });
  // Rows in TapOrder skip the columns of taps in the padding (col2im never reads them).
  TapOrder order;
  const bool ordered = tap_order(d, order);
  order.taps_along_k = false;
  const idx R = std::max<idx>(1, std::min<idx>(M, ((idx)1 << 22) / std::max<idx>(K, 1)));
  float* col = g_col.get((size_t)R * K);
  const idx ohw = d.OH * d.OW, C = d.C;
  const int T = num_threads();
  for (idx m0 = 0; m0 < M; m0 += R) {
    const idx rows = std::min(R, M - m0);
    if (ordered) {
      order.first = m0;
      gemm(rows, K, d.CO, GatherA(dy, d.CO, order.pixel.data() + m0), Wt, col, K, false, nullptr, false, &order);
    } else {
      gemm(rows, K, d.CO, DenseA(dy + m0 * d.CO, d.CO, false), Wt, col, K, false, nullptr);
    }
    auto scatter = [&](idx c0, idx c1) {
      for (idx m = m0; m < m0 + rows; ++m) {
        const idx pm = ordered ? order.pixel[m] : m, n = pm / ohw, rem = pm % ohw, oh = rem / d.OW, ow = rem % d.OW;
        const float* src = col + (m - m0) * K;
        for_each_tap(d, oh, ow, [&](idx kh, idx kw, idx ih, idx iw) {
          float* o = dx + ((n * d.H + ih) * d.W + iw) * C;
          const float* s = src + (kh * d.KW + kw) * C;
          for (idx c = c0; c < c1; ++c) o[c] += s[c];
        });
      }
    };
    if (T > 1 && C >= 16 * T) parallel_for(C, 16, scatter);
    else scatter(0, C);
  }
}

void batch_matmul(const float* a, const float* b, float* c, idx batch, idx M, idx N, idx K, bool ta, bool tb,
                  idx sa, idx sb, const float* bias, int act, float alpha) {
  const BiasAct epi(bias, act, alpha);
  const Epilogue* e = (bias || act != ACT_LINEAR) ? &epi : nullptr;
  const bool many_small = batch >= 2 * num_threads() && (double)M * N * K < 1e6;
  auto one = [&](idx i, bool serial) {
    gemm(M, N, K, DenseA(a + i * sa, ta ? M : K, ta), DenseB(b + i * sb, tb ? K : N, tb), c + i * M * N, N, false, e, serial);
  };
  if (many_small) parallel_for(batch, 1, [&](idx b0, idx b1) { for (idx i = b0; i < b1; ++i) one(i, true); });
  else for (idx i = 0; i < batch; ++i) one(i, false);
}
}  // namespace ff
