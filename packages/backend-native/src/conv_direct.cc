// Direct convolutions for shapes where SGEMM's register tile would be mostly padding: a single
// output channel of a single input channel (the per-channel filters of the SSIM / GMSD losses), or
// a few output channels of many input channels (a model's last layer, 64 -> 3). Both appear three
// times a step (forward and both gradients) and ran at 1-5 GFLOP/s through the im2col SGEMM path.
//
// Plane (C = CO = 1): loops over a row of pixels, contiguous for stride 1 (vectorised).
// Few outputs (CO <= kFewOutputs): the filter is transposed to [KH,KW,CO,C] so every tap works on the
// contiguous channels of one pixel, in blocks whose sums stay in registers.
#include <algorithm>
#include <cstring>
#include <type_traits>
#include <vector>

#include "kernels.h"

namespace ff {
namespace {
constexpr idx kFewOutputs = 4;

inline float dot(const float* a, const float* b, idx n) {
  float s[8] = {0, 0, 0, 0, 0, 0, 0, 0};
  idx i = 0;
  for (; i + 8 <= n; i += 8)
    for (int j = 0; j < 8; ++j) s[j] += a[i + j] * b[i + j];
  float t = ((s[0] + s[1]) + (s[2] + s[3])) + ((s[4] + s[5]) + (s[6] + s[7]));
  for (; i < n; ++i) t += a[i] * b[i];
  return t;
}

inline void axpy(float* y, float a, const float* x, idx n) {
  for (idx i = 0; i < n; ++i) y[i] += a * x[i];
}

// Output columns [lo, hi) whose input column ow*s - pad + k lies inside [0, W).
inline void valid_columns(idx W, idx OW, idx s, idx pad, idx k, idx& lo, idx& hi) {
  const idx first = pad - k;  // ow*s >= first
  lo = first <= 0 ? 0 : (first + s - 1) / s;
  const idx last = W - 1 + pad - k;  // ow*s <= last
  hi = last < 0 ? 0 : std::min<idx>(OW, last / s + 1);
  if (hi < lo) hi = lo;
}


// Filter [KH,KW,C,CO] -> [KH,KW,CO,C].
std::vector<float> transpose_filter(const float* w, const ConvDims& d) {
  std::vector<float> t((size_t)(d.KH * d.KW * d.C * d.CO));
  for (idx tap = 0; tap < d.KH * d.KW; ++tap)
    for (idx c = 0; c < d.C; ++c)
      for (idx co = 0; co < d.CO; ++co) t[(tap * d.CO + co) * d.C + c] = w[(tap * d.C + c) * d.CO + co];
  return t;
}

// ---------------------------------------------------------------- plane: C = CO = 1
// One output row (n, oh); built for AVX2 too (the axpy over the row is the whole cost).
FF_AVX2_CLONES
void plane_forward_row(const float* x, const float* w, float* yr, const ConvDims& d, idx n, idx oh, const float* bias, int act,
                       float alpha) {
  std::fill(yr, yr + d.OW, bias ? bias[0] : 0.f);
  for (idx kh = 0; kh < d.KH; ++kh) {
    const idx ih = oh * d.sh - d.pt + kh;
    if (ih < 0 || ih >= d.H) continue;
    const float* xr = x + (n * d.H + ih) * d.W;
    for (idx kw = 0; kw < d.KW; ++kw) {
      const float wv = w[kh * d.KW + kw];
      idx lo, hi;
      valid_columns(d.W, d.OW, d.sw, d.pl, kw, lo, hi);
      if (d.sw == 1) axpy(yr + lo, wv, xr + lo - d.pl + kw, hi - lo);
      else for (idx ow = lo; ow < hi; ++ow) yr[ow] += wv * xr[ow * d.sw - d.pl + kw];
    }
  }
  bias_act_row(yr, nullptr, d.OW, act, alpha);
}

void plane_forward(const float* x, const float* w, float* y, const ConvDims& d, const float* bias, int act, float alpha) {
  parallel_for(d.N * d.OH, rows_per_task(d.OW * d.KH * d.KW), [=](idx r0, idx r1) {
    for (idx r = r0; r < r1; ++r) plane_forward_row(x, w, y + r * d.OW, d, r / d.OH, r % d.OH, bias, act, alpha);
  });
}

// Gather: dx[ih, iw] = sum over taps of w[kh,kw] * dy[oh, ow] with ih = oh*sh - pt + kh. One input row
// (n, ih), built for AVX2 too.
FF_AVX2_CLONES
void plane_backprop_input_row(const float* dy, const float* w, float* g, const ConvDims& d, idx n, idx ih) {
  std::memset(g, 0, sizeof(float) * d.W);
  for (idx kh = 0; kh < d.KH; ++kh) {
    const idx th = ih + d.pt - kh;
    if (th < 0 || th % d.sh != 0 || th / d.sh >= d.OH) continue;
    const float* gy = dy + (n * d.OH + th / d.sh) * d.OW;
    for (idx kw = 0; kw < d.KW; ++kw) {
      const float wv = w[kh * d.KW + kw];
      if (d.sw == 1) {
        // ow = iw + pl - kw must lie in [0, OW)
        const idx lo = std::max<idx>(0, kw - d.pl), hi = std::min<idx>(d.W, d.OW - d.pl + kw);
        if (hi > lo) axpy(g + lo, wv, gy + lo + d.pl - kw, hi - lo);
      } else {
        for (idx iw = 0; iw < d.W; ++iw) {
          const idx tw = iw + d.pl - kw;
          if (tw >= 0 && tw % d.sw == 0 && tw / d.sw < d.OW) g[iw] += wv * gy[tw / d.sw];
        }
      }
    }
  }
}

void plane_backprop_input(const float* dy, const float* w, float* dx, const ConvDims& d) {
  parallel_for(d.N * d.H, rows_per_task(d.W * d.KH * d.KW), [=](idx r0, idx r1) {
    for (idx r = r0; r < r1; ++r) plane_backprop_input_row(dy, w, dx + r * d.W, d, r / d.H, r % d.H);
  });
}

// dw[kh, kw] = sum over output pixels of x[ih, iw] * dy[oh, ow].
void plane_backprop_filter(const float* x, const float* dy, float* dw, const ConvDims& d) {
  sum_over_rows(d.N * d.OH, d.KH * d.KW, d.OW * d.KH * d.KW, dw, [&](float* acc, idx r0, idx r1) {
    for (idx r = r0; r < r1; ++r) {
      const idx n = r / d.OH, oh = r % d.OH;
      const float* gy = dy + r * d.OW;
      for (idx kh = 0; kh < d.KH; ++kh) {
        const idx ih = oh * d.sh - d.pt + kh;
        if (ih < 0 || ih >= d.H) continue;
        const float* xr = x + (n * d.H + ih) * d.W;
        for (idx kw = 0; kw < d.KW; ++kw) {
          idx lo, hi;
          valid_columns(d.W, d.OW, d.sw, d.pl, kw, lo, hi);
          if (d.sw == 1) acc[kh * d.KW + kw] += dot(gy + lo, xr + lo - d.pl + kw, hi - lo);
          else for (idx ow = lo; ow < hi; ++ow) acc[kh * d.KW + kw] += gy[ow] * xr[ow * d.sw - d.pl + kw];
        }
      }
    }
  });
}

// ---------------------------------------------------------------- few outputs: CO <= kFewOutputs
// Each row function keeps CO x kLanes partial sums in registers across all taps and channel blocks
// (one horizontal sum per output value, not one per tap), and is built for AVX2 too.
constexpr int kLanes = 16;
// Two 8-float vectors per block (GCC vector extensions: one AVX register in the AVX2 clone, two SSE
// registers otherwise); unaligned, and allowed to alias the float arrays they are read from.
typedef float v8 __attribute__((vector_size(32)));
typedef float v8u __attribute__((vector_size(32), aligned(4), may_alias));
inline v8 load8(const float* p) { return *reinterpret_cast<const v8u*>(p); }
inline void store8(float* p, v8 v) { *reinterpret_cast<v8u*>(p) = v; }
inline float lanes_sum(v8 v) { return ((v[0] + v[1]) + (v[2] + v[3])) + ((v[4] + v[5]) + (v[6] + v[7])); }

// Calls body(std::integral_constant<int, CO>()) for the CO (1..kFewOutputs) of d, so each row function
// below is compiled once per output count with its sums in registers.
template <class Body>
inline __attribute__((always_inline)) void with_few_outputs(const ConvDims& d, Body body) {
  switch (d.CO) {
    case 1: body(std::integral_constant<int, 1>()); break;
    case 2: body(std::integral_constant<int, 2>()); break;
    case 3: body(std::integral_constant<int, 3>()); break;
    default: body(std::integral_constant<int, kFewOutputs>()); break;
  }
}

// Output row (n, oh): y[ow][co] = bias + sum over taps and channels of x * w.
template <int CO>
inline __attribute__((always_inline)) void few_forward_row_t(const float* x, const float* wT, float* yr, const ConvDims& d, idx n, idx oh,
                                                             const float* bias, int act, float alpha) {
  const idx C = d.C, CV = C / kLanes * kLanes;
  for (idx ow = 0; ow < d.OW; ++ow) {
    v8 acc[CO][2] = {};
    float tail[CO] = {};
    for_each_tap(d, oh, ow, [&](idx kh, idx kw, idx ih, idx iw) __attribute__((always_inline)) {
      const float* xp = x + ((n * d.H + ih) * d.W + iw) * C;
      const float* wk = wT + (kh * d.KW + kw) * CO * C;
      for (idx c = 0; c < CV; c += kLanes) {
        const v8 x0 = load8(xp + c), x1 = load8(xp + c + 8);
#pragma GCC unroll 4
        for (int co = 0; co < CO; ++co) {
          acc[co][0] += x0 * load8(wk + co * C + c);
          acc[co][1] += x1 * load8(wk + co * C + c + 8);
        }
      }
      for (idx c = CV; c < C; ++c)
        for (int co = 0; co < CO; ++co) tail[co] += xp[c] * wk[co * C + c];
    });
    for (int co = 0; co < CO; ++co) {
      const float s = tail[co] + lanes_sum(acc[co][0] + acc[co][1]);
      yr[ow * CO + co] = activate(bias ? s + bias[co] : s, act, alpha);
    }
  }
}
FF_AVX2_CLONES
void few_forward_row(const float* x, const float* wT, float* yr, const ConvDims& d, idx n, idx oh, const float* bias, int act, float alpha) {
  with_few_outputs(d, [&](auto co) __attribute__((always_inline)) { few_forward_row_t<decltype(co)::value>(x, wT, yr, d, n, oh, bias, act, alpha); });
}

// Input row (n, ih): dx[iw][c] = sum over the output pixels whose window covers it of dy * w, one
// block of kLanes channels at a time (the block's sums stay in registers across taps and outputs).
template <int CO>
inline __attribute__((always_inline)) void few_backprop_input_row_t(const float* dy, const float* wT, float* gr, const ConvDims& d, idx n, idx ih) {
  const idx C = d.C;
  for (idx iw = 0; iw < d.W; ++iw) {
    float* g = gr + iw * C;
    for (idx c0 = 0; c0 < C; c0 += kLanes) {
      const idx cn = std::min<idx>(kLanes, C - c0);
      v8 acc0 = {}, acc1 = {};
      float part[kLanes] = {};
      for_each_source(d, ih, iw, [&](idx kh, idx kw, idx oh, idx ow) __attribute__((always_inline)) {
        const float* gy = dy + ((n * d.OH + oh) * d.OW + ow) * CO;
        const float* wk = wT + (kh * d.KW + kw) * CO * C + c0;
        if (cn == kLanes) {
#pragma GCC unroll 4
          for (int co = 0; co < CO; ++co) {
            acc0 += gy[co] * load8(wk + co * C);
            acc1 += gy[co] * load8(wk + co * C + 8);
          }
        } else {
          for (int co = 0; co < CO; ++co)
            for (idx j = 0; j < cn; ++j) part[j] += gy[co] * wk[co * C + j];
        }
      });
      if (cn == kLanes) {
        store8(g + c0, acc0);
        store8(g + c0 + 8, acc1);
      } else {
        for (idx j = 0; j < cn; ++j) g[c0 + j] = part[j];
      }
    }
  }
}
FF_AVX2_CLONES
void few_backprop_input_row(const float* dy, const float* wT, float* gr, const ConvDims& d, idx n, idx ih) {
  with_few_outputs(d, [&](auto co) __attribute__((always_inline)) { few_backprop_input_row_t<decltype(co)::value>(dy, wT, gr, d, n, ih); });
}

// Output row r = (n, oh) added into the filter gradient acc [KH,KW,CO,C]: per tap and block of
// kLanes channels, the CO sums run in registers along the row's pixels.
template <int CO>
inline __attribute__((always_inline)) void few_backprop_filter_row_t(const float* x, const float* dyr, float* acc, const ConvDims& d, idx n, idx oh) {
  const idx C = d.C;
  for (idx kh = 0; kh < d.KH; ++kh) {
    const idx ih = oh * d.sh - d.pt + kh;
    if (ih < 0 || ih >= d.H) continue;
    const float* xr = x + (n * d.H + ih) * d.W * C;
    for (idx kw = 0; kw < d.KW; ++kw) {
      idx lo, hi;
      valid_columns(d.W, d.OW, d.sw, d.pl, kw, lo, hi);
      float* ak = acc + (kh * d.KW + kw) * CO * C;
      for (idx c0 = 0; c0 < C; c0 += kLanes) {
        const idx cn = std::min<idx>(kLanes, C - c0);
        if (cn == kLanes) {
          v8 s[CO][2];
          for (int co = 0; co < CO; ++co) { s[co][0] = load8(ak + co * C + c0); s[co][1] = load8(ak + co * C + c0 + 8); }
          for (idx ow = lo; ow < hi; ++ow) {
            const float* xp = xr + (ow * d.sw - d.pl + kw) * C + c0;
            const float* gy = dyr + ow * CO;
            const v8 x0 = load8(xp), x1 = load8(xp + 8);
#pragma GCC unroll 4
            for (int co = 0; co < CO; ++co) {
              s[co][0] += gy[co] * x0;
              s[co][1] += gy[co] * x1;
            }
          }
          for (int co = 0; co < CO; ++co) { store8(ak + co * C + c0, s[co][0]); store8(ak + co * C + c0 + 8, s[co][1]); }
        } else {
          for (idx ow = lo; ow < hi; ++ow) {
            const float* xp = xr + (ow * d.sw - d.pl + kw) * C + c0;
            for (int co = 0; co < CO; ++co)
              for (idx j = 0; j < cn; ++j) ak[co * C + c0 + j] += dyr[ow * CO + co] * xp[j];
          }
        }
      }
    }
  }
}
FF_AVX2_CLONES
void few_backprop_filter_row(const float* x, const float* dyr, float* acc, const ConvDims& d, idx n, idx oh) {
  with_few_outputs(d, [&](auto co) __attribute__((always_inline)) { few_backprop_filter_row_t<decltype(co)::value>(x, dyr, acc, d, n, oh); });
}

void few_forward(const float* x, const float* w, float* y, const ConvDims& d, const float* bias, int act, float alpha) {
  const std::vector<float> wt = transpose_filter(w, d);
  const float* wT = wt.data();
  parallel_for(d.N * d.OH, rows_per_task(d.OW * d.KH * d.KW * d.C * d.CO), [=](idx r0, idx r1) {
    for (idx r = r0; r < r1; ++r) few_forward_row(x, wT, y + r * d.OW * d.CO, d, r / d.OH, r % d.OH, bias, act, alpha);
  });
}

void few_backprop_input(const float* dy, const float* w, float* dx, const ConvDims& d) {
  const std::vector<float> wt = transpose_filter(w, d);
  const float* wT = wt.data();
  parallel_for(d.N * d.H, rows_per_task(d.W * d.KH * d.KW * d.C * d.CO), [=](idx r0, idx r1) {
    for (idx r = r0; r < r1; ++r) few_backprop_input_row(dy, wT, dx + r * d.W * d.C, d, r / d.H, r % d.H);
  });
}

void few_backprop_filter(const float* x, const float* dy, float* dw, const ConvDims& d) {
  const idx taps = d.KH * d.KW;
  std::vector<float> dwT((size_t)(taps * d.CO * d.C));  // [KH,KW,CO,C]: sums over contiguous channels
  sum_over_rows(d.N * d.OH, taps * d.CO * d.C, d.OW * taps * d.CO * d.C, dwT.data(), [&](float* acc, idx r0, idx r1) {
    for (idx r = r0; r < r1; ++r) few_backprop_filter_row(x, dy + r * d.OW * d.CO, acc, d, r / d.OH, r % d.OH);
  });
  for (idx tap = 0; tap < taps; ++tap)
    for (idx c = 0; c < d.C; ++c)
      for (idx co = 0; co < d.CO; ++co) dw[(tap * d.C + c) * d.CO + co] = dwT[(tap * d.CO + co) * d.C + c];
}

bool is_plane(const ConvDims& d) { return d.C == 1 && d.CO == 1; }
// Worth it only with enough channels per pixel to fill the vector loops.
bool is_few_outputs(const ConvDims& d) { return d.CO <= kFewOutputs && d.C >= 16; }
}  // namespace

bool conv2d_direct_forward(const float* x, const float* w, float* y, const ConvDims& d, const float* bias, int act, float alpha) {
  if (is_plane(d)) plane_forward(x, w, y, d, bias, act, alpha);
  else if (is_few_outputs(d)) few_forward(x, w, y, d, bias, act, alpha);
  else return false;
  return true;
}

bool conv2d_direct_backprop_input(const float* dy, const float* w, float* dx, const ConvDims& d) {
  if (is_plane(d)) plane_backprop_input(dy, w, dx, d);
  else if (is_few_outputs(d)) few_backprop_input(dy, w, dx, d);
  else return false;
  return true;
}

bool conv2d_direct_backprop_filter(const float* x, const float* dy, float* dw, const ConvDims& d) {
  if (is_plane(d)) plane_backprop_filter(x, dy, dw, d);
  else if (is_few_outputs(d)) few_backprop_filter(x, dy, dw, d);
  else return false;
  return true;
}
}  // namespace ff
