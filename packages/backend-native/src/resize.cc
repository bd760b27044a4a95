// Bilinear image resize (NHWC), with tfjs's alignCorners / halfPixelCenters source mapping.
// Source coordinates are computed in double precision, as the cpu kernel does.
#include <cmath>

#include "kernels.h"

namespace ff {
void resize_bilinear(const float* x, float* y, idx N, idx H, idx W, idx C, idx OH, idx OW, bool align_corners, bool half_pixel) {
  const double rh = (double)((align_corners && OH > 1) ? H - 1 : H) / (double)((align_corners && OH > 1) ? OH - 1 : OH);
  const double rw = (double)((align_corners && OW > 1) ? W - 1 : W) / (double)((align_corners && OW > 1) ? OW - 1 : OW);
  auto source = [half_pixel](double ratio, idx o, idx size, idx& lo, idx& hi) {
    const double s = half_pixel ? ratio * ((double)o + 0.5) - 0.5 : ratio * (double)o;
    lo = std::max<idx>(0, (idx)std::floor(s));
    hi = std::min<idx>(size - 1, (idx)std::ceil(s));
    return (float)(s - (double)lo);
  };
  parallel_for(N * OH, std::max<idx>(1, ((idx)1 << 14) / std::max<idx>(OW * C, 1)), [=](idx r0, idx r1) {
    for (idx r = r0; r < r1; ++r) {
      const idx n = r / OH, oh = r % OH;
      idx top, bottom;
      const float fr = source(rh, oh, H, top, bottom);
      const float* row_t = x + (n * H + top) * W * C;
      const float* row_b = x + (n * H + bottom) * W * C;
      float* out = y + r * OW * C;
      for (idx ow = 0; ow < OW; ++ow) {
        idx left, right;
        const float fc = source(rw, ow, W, left, right);
        const float *tl = row_t + left * C, *tr = row_t + right * C, *bl = row_b + left * C, *br = row_b + right * C;
        for (idx c = 0; c < C; ++c) {
          const float t = tl[c] + (tr[c] - tl[c]) * fc, b = bl[c] + (br[c] - bl[c]) * fc;
          out[ow * C + c] = t + (b - t) * fr;
        }
      }
    }
  });
}
}  // namespace ff
