// Depthwise convolution (NHWC, filter [KH,KW,C,M], dilation 1) and its two gradients.
// Each output channel c*M+q sees one input channel c, so there is no reduction over channels to
// hand to SGEMM: these are direct loops, innermost over channels (contiguous in NHWC, vectorised
// by the compiler), split over output rows (forward), input rows (input gradient, gathered) or
// rows with one partial filter per task (filter gradient).
#include <cstring>

#include "kernels.h"

namespace ff {
namespace {
// acc[c*M+q] += x[c] * w[c*M+q]
inline void madd(float* acc, const float* x, const float* w, idx C, idx M) {
  if (M == 1) {
    for (idx c = 0; c < C; ++c) acc[c] += x[c] * w[c];
  } else {
    for (idx c = 0; c < C; ++c)
      for (idx q = 0; q < M; ++q) acc[c * M + q] += x[c] * w[c * M + q];
  }
}
}  // namespace

void depthwise_forward(const float* x, const float* w, float* y, const ConvDims& d, const float* bias, int act, float alpha) {
  const idx C = d.C, CO = d.CO, M = CO / C;
  parallel_for(d.N * d.OH, rows_per_task(d.OW * CO * d.KH * d.KW), [=](idx r0, idx r1) {
    for (idx r = r0; r < r1; ++r) {
      const idx n = r / d.OH, oh = r % d.OH;
      for (idx ow = 0; ow < d.OW; ++ow) {
        float* acc = y + (r * d.OW + ow) * CO;
        if (bias) std::memcpy(acc, bias, sizeof(float) * CO);
        else std::memset(acc, 0, sizeof(float) * CO);
        for_each_tap(d, oh, ow, [&](idx kh, idx kw, idx ih, idx iw) {
          madd(acc, x + ((n * d.H + ih) * d.W + iw) * C, w + (kh * d.KW + kw) * CO, C, M);
        });
        bias_act_row(acc, nullptr, CO, act, alpha);
      }
    }
  });
}

void depthwise_backprop_input(const float* dy, const float* w, float* dx, const ConvDims& d) {
  const idx C = d.C, CO = d.CO, M = CO / C;
  parallel_for(d.N * d.H, rows_per_task(d.W * CO * d.KH * d.KW), [=](idx r0, idx r1) {
    for (idx r = r0; r < r1; ++r) {
      const idx n = r / d.H, ih = r % d.H;
      for (idx iw = 0; iw < d.W; ++iw) {
        float* g = dx + (r * d.W + iw) * C;
        std::memset(g, 0, sizeof(float) * C);
        for_each_source(d, ih, iw, [&](idx kh, idx kw, idx oh, idx ow) {
          const float* gy = dy + ((n * d.OH + oh) * d.OW + ow) * CO;
          const float* wk = w + (kh * d.KW + kw) * CO;
          if (M == 1) {
            for (idx c = 0; c < C; ++c) g[c] += gy[c] * wk[c];
          } else {
            for (idx c = 0; c < C; ++c) {
              float s = 0.f;
              for (idx q = 0; q < M; ++q) s += gy[c * M + q] * wk[c * M + q];
              g[c] += s;
            }
          }
        });
      }
    }
  });
}

void depthwise_backprop_filter(const float* x, const float* dy, float* dw, const ConvDims& d) {
  const idx C = d.C, CO = d.CO, M = CO / C;
  sum_over_rows(d.N * d.OH, d.KH * d.KW * CO, d.OW * d.KH * d.KW * CO, dw, [&](float* acc, idx r0, idx r1) {
    for (idx r = r0; r < r1; ++r) {
      const idx n = r / d.OH, oh = r % d.OH;
      for (idx ow = 0; ow < d.OW; ++ow) {
        const float* gy = dy + (r * d.OW + ow) * CO;
        for_each_tap(d, oh, ow, [&](idx kh, idx kw, idx ih, idx iw) {
          madd(acc + (kh * d.KW + kw) * CO, x + ((n * d.H + ih) * d.W + iw) * C, gy, C, M);
        });
      }
    }
  });
}
}  // namespace ff
