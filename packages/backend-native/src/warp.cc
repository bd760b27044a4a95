// Extraction's aligned-face warp (core's image/warp-affine-area.ts, warpRgbZeroEdge, then rounded to
// 8 bits as extract/align-face.ts's warpFace rounds): each output pixel averages a k×k grid of
// bilinear samples over its footprint; samples off the frame read nothing. The same operations in
// the same order as the JS (double arithmetic, float32 sums, no contraction), so the same bytes.
// Runs on a face writer's thread, one face at a time: no thread pool here.
#include <cmath>
#include <cstdint>

#include "kernels.h"

namespace ff {
namespace {
// K known at compile time (the common 1 to 4 samples a side): the sample loops unroll and a
// weight of 1 folds away. KK = 0: k given at run time. Same operations either way.
template <int KK>
FF_AVX2_CLONES void warp_face_rgb8_k(const uint8_t* src, idx w, idx h, const double* m, int k_runtime, uint8_t* dst, idx width, idx height) {
  const int k = KK > 0 ? KK : k_runtime;
  const double a = m[0], b = m[1], c = m[2], d = m[3], e = m[4], f = m[5];
  const double weight = 1.0 / (double)(k * k);
  double offsets[8];
  for (int i = 0; i < k; ++i) offsets[i] = ((double)i + 0.5) / (double)k;
  for (idx y = 0; y < height; ++y) {
    for (idx x = 0; x < width; ++x) {
      float red = 0, green = 0, blue = 0;
      for (int j = 0; j < k; ++j) {
        const double oy = (double)y + offsets[j] - 0.5;
        for (int i = 0; i < k; ++i) {
          const double ox = (double)x + offsets[i] - 0.5;
          const double sx = a * ox + b * oy + c;
          const double sy = d * ox + e * oy + f;
          if (!(sx >= -0.5 && sy >= -0.5 && sx <= (double)w - 0.5 && sy <= (double)h - 0.5)) continue;
          const double cx = sx < 0 ? 0 : sx > (double)(w - 1) ? (double)(w - 1) : sx;
          const double cy = sy < 0 ? 0 : sy > (double)(h - 1) ? (double)(h - 1) : sy;
          // cx, cy are clamped to >= 0: truncation is floor (and no libm call)
          const idx x0 = (idx)cx, y0 = (idx)cy;
          const idx x1 = x0 + 1 < w ? x0 + 1 : x0;
          const idx y1 = y0 + 1 < h ? y0 + 1 : y0;
          const double fx = cx - (double)x0, fy = cy - (double)y0;
          const uint8_t *p00 = src + (y0 * w + x0) * 3, *p01 = src + (y0 * w + x1) * 3;
          const uint8_t *p10 = src + (y1 * w + x0) * 3, *p11 = src + (y1 * w + x1) * 3;
          double top = p00[0] + (double)(p01[0] - p00[0]) * fx, bottom = p10[0] + (double)(p11[0] - p10[0]) * fx;
          red = (float)((double)red + (top + (bottom - top) * fy) * weight);
          top = p00[1] + (double)(p01[1] - p00[1]) * fx, bottom = p10[1] + (double)(p11[1] - p10[1]) * fx;
          green = (float)((double)green + (top + (bottom - top) * fy) * weight);
          top = p00[2] + (double)(p01[2] - p00[2]) * fx, bottom = p10[2] + (double)(p11[2] - p10[2]) * fx;
          blue = (float)((double)blue + (top + (bottom - top) * fy) * weight);
        }
      }
      uint8_t* o = dst + (y * width + x) * 3;
      // Math.round: the nearest whole number, halves up (the sums are never negative: truncation is floor)
      o[0] = (uint8_t)(int)((double)red + 0.5);
      o[1] = (uint8_t)(int)((double)green + 0.5);
      o[2] = (uint8_t)(int)((double)blue + 0.5);
    }
  }
}
}  // namespace

void warp_face_rgb8(const uint8_t* src, idx w, idx h, const double* m, int k, uint8_t* dst, idx width, idx height) {
  switch (k) {
    case 1: warp_face_rgb8_k<1>(src, w, h, m, k, dst, width, height); break;
    case 2: warp_face_rgb8_k<2>(src, w, h, m, k, dst, width, height); break;
    case 3: warp_face_rgb8_k<3>(src, w, h, m, k, dst, width, height); break;
    case 4: warp_face_rgb8_k<4>(src, w, h, m, k, dst, width, height); break;
    default: warp_face_rgb8_k<0>(src, w, h, m, k, dst, width, height); break;
  }
}
}  // namespace ff
