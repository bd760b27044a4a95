// Max pooling (NHWC, dilation 1) and its gradient. Padding is ignored, as in tfjs: the max is taken
// over the window's pixels inside the image, the first maximum (row-major) wins ties.
#include <limits>

#include "kernels.h"

namespace ff {
namespace {
// For output pixel (n, oh, ow) and channels [c0, c1): max value and flat input index of the first max.
inline void window_max(const float* x, const ConvDims& d, idx n, idx oh, idx ow, idx c0, idx c1, float* best, idx* where) {
  for (idx c = c0; c < c1; ++c) { best[c] = -std::numeric_limits<float>::infinity(); where[c] = -1; }
  for_each_tap(d, oh, ow, [&](idx, idx, idx ih, idx iw) {
    const idx base = ((n * d.H + ih) * d.W + iw) * d.C;
    for (idx c = c0; c < c1; ++c)
      if (x[base + c] > best[c]) { best[c] = x[base + c]; where[c] = base + c; }
  });
}

// The forward pass needs only the max: a select per channel with no index to track, so the channel
// loop vectorizes (the same values: a later equal or NaN input never replaces the max).
inline void window_max_value(const float* x, const ConvDims& d, idx n, idx oh, idx ow, float* best) {
  const idx C = d.C;
  for (idx c = 0; c < C; ++c) best[c] = -std::numeric_limits<float>::infinity();
  for_each_tap(d, oh, ow, [&](idx, idx, idx ih, idx iw) {
    const float* px = x + ((n * d.H + ih) * d.W + iw) * C;
    for (idx c = 0; c < C; ++c) best[c] = px[c] > best[c] ? px[c] : best[c];
  });
}
}  // namespace

void maxpool_forward(const float* x, float* y, const ConvDims& d) {
  parallel_for(d.N * d.OH, rows_per_task(d.OW * d.C * d.KH * d.KW), [=](idx r0, idx r1) {
    for (idx r = r0; r < r1; ++r)
      for (idx ow = 0; ow < d.OW; ++ow) window_max_value(x, d, r / d.OH, r % d.OH, ow, y + (r * d.OW + ow) * d.C);
  });
}

// dx[first max of each window] += dy. Threads split the channels, so no two write one element.
void maxpool_backprop(const float* dy, const float* x, float* dx, const ConvDims& d) {
  parallel_for(d.N * d.H * d.W * d.C, 1 << 16, [=](idx b, idx e) { std::fill(dx + b, dx + e, 0.f); });
  parallel_for(d.C, 8, [=](idx c0, idx c1) {
    std::vector<float> best((size_t)d.C);
    std::vector<idx> where((size_t)d.C);
    for (idx n = 0; n < d.N; ++n)
      for (idx oh = 0; oh < d.OH; ++oh)
        for (idx ow = 0; ow < d.OW; ++ow) {
          window_max(x, d, n, oh, ow, c0, c1, best.data(), where.data());
          const float* g = dy + ((n * d.OH + oh) * d.OW + ow) * d.C;
          for (idx c = c0; c < c1; ++c)
            if (where[c] >= 0) dx[where[c]] += g[c];
        }
  });
}
}  // namespace ff
