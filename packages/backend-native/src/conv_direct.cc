// Direct convolutions for shapes where SGEMM's register tile would be mostly padding: a single
// output channel of a single input channel (the per-channel filters of the SSIM / GMSD losses), or
// a few output channels of many input channels (a model's last layer, 64 -> 3). Both appear three
// times a step (forward and both gradients) and ran at 1-5 GFLOP/s through the im2col SGEMM path.
//
// Plane (C = CO = 1): loops over a row of pixels, contiguous for stride 1 (vectorised).
// Few outputs (CO <= kFewOutputs): the filter is transposed to [KH,KW,CO,C] so every tap is a dot
// product or an axpy over the contiguous channels of one pixel.
#include <cstring>

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
void plane_forward(const float* x, const float* w, float* y, const ConvDims& d, const float* bias, int act, float alpha) {
  parallel_for(d.N * d.OH, rows_per_task(d.OW * d.KH * d.KW), [=](idx r0, idx r1) {
    for (idx r = r0; r < r1; ++r) {
      const idx n = r / d.OH, oh = r % d.OH;
      float* yr = y + r * d.OW;
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
      if (act != ACT_LINEAR)
        for (idx ow = 0; ow < d.OW; ++ow) yr[ow] = activate(yr[ow], act, alpha);
    }
  });
}

// Gather: dx[ih, iw] = sum over taps of w[kh,kw] * dy[oh, ow] with ih = oh*sh - pt + kh.
void plane_backprop_input(const float* dy, const float* w, float* dx, const ConvDims& d) {
  parallel_for(d.N * d.H, rows_per_task(d.W * d.KH * d.KW), [=](idx r0, idx r1) {
    for (idx r = r0; r < r1; ++r) {
      const idx n = r / d.H, ih = r % d.H;
      float* g = dx + r * d.W;
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
void few_forward(const float* x, const float* w, float* y, const ConvDims& d, const float* bias, int act, float alpha) {
  const std::vector<float> wt = transpose_filter(w, d);
  const float* wT = wt.data();
  parallel_for(d.N * d.OH, rows_per_task(d.OW * d.KH * d.KW * d.C * d.CO), [=](idx r0, idx r1) {
    for (idx r = r0; r < r1; ++r) {
      const idx n = r / d.OH, oh = r % d.OH;
      for (idx ow = 0; ow < d.OW; ++ow) {
        float acc[kFewOutputs];
        for (idx co = 0; co < d.CO; ++co) acc[co] = bias ? bias[co] : 0.f;
        for_each_tap(d, oh, ow, [&](idx kh, idx kw, idx ih, idx iw) {
          const float* xp = x + ((n * d.H + ih) * d.W + iw) * d.C;
          const float* wk = wT + (kh * d.KW + kw) * d.CO * d.C;
          for (idx co = 0; co < d.CO; ++co) acc[co] += dot(xp, wk + co * d.C, d.C);
        });
        float* yp = y + (r * d.OW + ow) * d.CO;
        for (idx co = 0; co < d.CO; ++co) yp[co] = activate(acc[co], act, alpha);
      }
    }
  });
}

void few_backprop_input(const float* dy, const float* w, float* dx, const ConvDims& d) {
  const std::vector<float> wt = transpose_filter(w, d);
  const float* wT = wt.data();
  parallel_for(d.N * d.H, rows_per_task(d.W * d.KH * d.KW * d.C * d.CO), [=](idx r0, idx r1) {
    for (idx r = r0; r < r1; ++r) {
      const idx n = r / d.H, ih = r % d.H;
      for (idx iw = 0; iw < d.W; ++iw) {
        float* g = dx + (r * d.W + iw) * d.C;
        std::memset(g, 0, sizeof(float) * d.C);
        for_each_source(d, ih, iw, [&](idx kh, idx kw, idx oh, idx ow) {
          const float* gy = dy + ((n * d.OH + oh) * d.OW + ow) * d.CO;
          const float* wk = wT + (kh * d.KW + kw) * d.CO * d.C;
          for (idx co = 0; co < d.CO; ++co) axpy(g, gy[co], wk + co * d.C, d.C);
        });
      }
    }
  });
}

void few_backprop_filter(const float* x, const float* dy, float* dw, const ConvDims& d) {
  const idx taps = d.KH * d.KW;
  std::vector<float> dwT((size_t)(taps * d.CO * d.C));  // [KH,KW,CO,C]: axpy over contiguous channels
  sum_over_rows(d.N * d.OH, taps * d.CO * d.C, d.OW * taps * d.CO * d.C, dwT.data(), [&](float* acc, idx r0, idx r1) {
    for (idx r = r0; r < r1; ++r) {
      const idx n = r / d.OH, oh = r % d.OH;
      for (idx ow = 0; ow < d.OW; ++ow) {
        const float* gy = dy + (r * d.OW + ow) * d.CO;
        for_each_tap(d, oh, ow, [&](idx kh, idx kw, idx ih, idx iw) {
          const float* xp = x + ((n * d.H + ih) * d.W + iw) * d.C;
          float* ak = acc + (kh * d.KW + kw) * d.CO * d.C;
          for (idx co = 0; co < d.CO; ++co) axpy(ak + co * d.C, gy[co], xp, d.C);
        });
      }
    }
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
