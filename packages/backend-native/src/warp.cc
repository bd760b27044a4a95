// Extraction's aligned-face warp (core's image/warp-affine-area.ts, warpRgbZeroEdge, then rounded to
// 8 bits as extract/align-face.ts's warpFace rounds): each output pixel averages a k×k grid of
// bilinear samples over its footprint; samples off the frame read nothing. The same operations in
// the same order as the JS (double arithmetic, float32 sums, no contraction), so the same bytes.
// Runs on a face writer's thread, one face at a time: no thread pool here. On AVX2 four output
// pixels go together (warp_face_rgb8_avx2): the same double operations lane by lane, so the same
// bytes again.
#include <cmath>
#include <cstdint>
#include <type_traits>

#include "kernels.h"

#if defined(__x86_64__) && defined(__GNUC__)
#include <immintrin.h>
#define FF_WARP_AVX2 1
#endif

namespace ff {
namespace {
// K known at compile time (the common 1 to 4 samples a side): the sample loops unroll and a
// weight of 1 folds away. KK = 0: k given at run time. Same operations either way.
template <int KK>
inline __attribute__((always_inline)) void warp_pixel(const uint8_t* src, idx w, idx h, const double* m, int k_runtime, const double* offsets, double weight, idx y, idx x, uint8_t* o) {
  const int k = KK > 0 ? KK : k_runtime;
  const double a = m[0], b = m[1], c = m[2], d = m[3], e = m[4], f = m[5];
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
  // Math.round: the nearest whole number, halves up (the sums are never negative: truncation is floor)
  o[0] = (uint8_t)(int)((double)red + 0.5);
  o[1] = (uint8_t)(int)((double)green + 0.5);
  o[2] = (uint8_t)(int)((double)blue + 0.5);
}

struct WarpGrid {
  double offsets[8];
  double weight;
  explicit WarpGrid(int k) : weight(1.0 / (double)(k * k)) {
    for (int i = 0; i < k; ++i) offsets[i] = ((double)i + 0.5) / (double)k;
  }
};

template <int KK>
void warp_face_rgb8_k(const uint8_t* src, idx w, idx h, const double* m, int k, uint8_t* dst, idx width, idx height) {
  const WarpGrid grid(k);
  for (idx y = 0; y < height; ++y)
    for (idx x = 0; x < width; ++x) warp_pixel<KK>(src, w, h, m, k, grid.offsets, grid.weight, y, x, dst + (y * width + x) * 3);
}

#ifdef FF_WARP_AVX2
// Four output pixels x..x+3 of row y at once, k×k samples each, as warp_face_rgb8_k computes one:
// each lane does the scalar code's double operations in its order (no FMA: the target has none,
// and the addon builds with -ffp-contract=off). The four neighbours' bytes are gathered as 32-bit
// words (a pixel's 3 bytes and the next one's first): false, with nothing written, when a sample
// would read the frame's last pixel (a byte past the frame), and the caller does those four pixels
// one by one. A sample off the frame adds nothing, as the scalar code's `continue`.
template <int KK>
__attribute__((target("avx2"))) inline bool warp_block4(const uint8_t* src, idx w, idx h, const double* m, int k_runtime, const double* offsets, double weight, idx y, idx x, uint8_t* out) {
  const int k = KK > 0 ? KK : k_runtime;
  const double a = m[0], b = m[1], c = m[2], d = m[3], e = m[4], f = m[5];
  const __m256d xs = _mm256_set_pd((double)(x + 3), (double)(x + 2), (double)(x + 1), (double)x);
  const __m256d va = _mm256_set1_pd(a), vc = _mm256_set1_pd(c), vd = _mm256_set1_pd(d), vf = _mm256_set1_pd(f);
  const __m256d lo = _mm256_set1_pd(-0.5), hi_x = _mm256_set1_pd((double)w - 0.5), hi_y = _mm256_set1_pd((double)h - 0.5);
  const __m256d zero = _mm256_setzero_pd(), max_x = _mm256_set1_pd((double)(w - 1)), max_y = _mm256_set1_pd((double)(h - 1));
  const __m256d half = _mm256_set1_pd(0.5), vweight = _mm256_set1_pd(weight);
  const __m128i last_x = _mm_set1_epi32((int)(w - 1)), last_y = _mm_set1_epi32((int)(h - 1)), one = _mm_set1_epi32(1);
  const __m128i width3 = _mm_set1_epi32((int)(w * 3)), three = _mm_set1_epi32(3), byte = _mm_set1_epi32(0xff);
  const __m128i width = _mm_set1_epi32((int)w), last_pixel = _mm_set1_epi32((int)(w * h - 1));
  const int* base = reinterpret_cast<const int*>(src);
  __m128 red = _mm_setzero_ps(), green = _mm_setzero_ps(), blue = _mm_setzero_ps();
  for (int j = 0; j < k; ++j) {
    const double oy = (double)y + offsets[j] - 0.5;
    const __m256d boy = _mm256_set1_pd(b * oy), eoy = _mm256_set1_pd(e * oy);
    for (int i = 0; i < k; ++i) {
      const __m256d ox = _mm256_sub_pd(_mm256_add_pd(xs, _mm256_set1_pd(offsets[i])), half);
      const __m256d sx = _mm256_add_pd(_mm256_add_pd(_mm256_mul_pd(va, ox), boy), vc);
      const __m256d sy = _mm256_add_pd(_mm256_add_pd(_mm256_mul_pd(vd, ox), eoy), vf);
      const __m256d inside = _mm256_and_pd(_mm256_and_pd(_mm256_cmp_pd(sx, lo, _CMP_GE_OQ), _mm256_cmp_pd(sy, lo, _CMP_GE_OQ)),
                                           _mm256_and_pd(_mm256_cmp_pd(sx, hi_x, _CMP_LE_OQ), _mm256_cmp_pd(sy, hi_y, _CMP_LE_OQ)));
      if (_mm256_movemask_pd(inside) == 0) continue;
      // sx < 0 ? 0 : sx > w - 1 ? w - 1 : sx (a -0 stays -0, as in the scalar code)
      const __m256d cx = _mm256_blendv_pd(_mm256_blendv_pd(sx, max_x, _mm256_cmp_pd(sx, max_x, _CMP_GT_OQ)), zero, _mm256_cmp_pd(sx, zero, _CMP_LT_OQ));
      const __m256d cy = _mm256_blendv_pd(_mm256_blendv_pd(sy, max_y, _mm256_cmp_pd(sy, max_y, _CMP_GT_OQ)), zero, _mm256_cmp_pd(sy, zero, _CMP_LT_OQ));
      const __m128i x0 = _mm256_cvttpd_epi32(cx), y0 = _mm256_cvttpd_epi32(cy);
      const __m128i x1 = _mm_min_epi32(_mm_add_epi32(x0, one), last_x), y1 = _mm_min_epi32(_mm_add_epi32(y0, one), last_y);
      // a word at the frame's last pixel would read a byte past the frame
      if (_mm_movemask_epi8(_mm_cmpeq_epi32(_mm_add_epi32(_mm_mullo_epi32(y1, width), x1), last_pixel)) != 0) return false;
      const __m256d fx = _mm256_sub_pd(cx, _mm256_cvtepi32_pd(x0)), fy = _mm256_sub_pd(cy, _mm256_cvtepi32_pd(y0));
      const __m128i row0 = _mm_mullo_epi32(y0, width3), row1 = _mm_mullo_epi32(y1, width3);
      const __m128i col0 = _mm_mullo_epi32(x0, three), col1 = _mm_mullo_epi32(x1, three);
      const __m128i q00 = _mm_i32gather_epi32(base, _mm_add_epi32(row0, col0), 1), q01 = _mm_i32gather_epi32(base, _mm_add_epi32(row0, col1), 1);
      const __m128i q10 = _mm_i32gather_epi32(base, _mm_add_epi32(row1, col0), 1), q11 = _mm_i32gather_epi32(base, _mm_add_epi32(row1, col1), 1);
      __m128* sums[3] = {&red, &green, &blue};
      for (int ch = 0; ch < 3; ++ch) {
        const __m128i b00 = _mm_and_si128(_mm_srli_epi32(q00, 8 * ch), byte), b01 = _mm_and_si128(_mm_srli_epi32(q01, 8 * ch), byte);
        const __m128i b10 = _mm_and_si128(_mm_srli_epi32(q10, 8 * ch), byte), b11 = _mm_and_si128(_mm_srli_epi32(q11, 8 * ch), byte);
        const __m256d top = _mm256_add_pd(_mm256_cvtepi32_pd(b00), _mm256_mul_pd(_mm256_cvtepi32_pd(_mm_sub_epi32(b01, b00)), fx));
        const __m256d bottom = _mm256_add_pd(_mm256_cvtepi32_pd(b10), _mm256_mul_pd(_mm256_cvtepi32_pd(_mm_sub_epi32(b11, b10)), fx));
        const __m256d value = _mm256_add_pd(top, _mm256_mul_pd(_mm256_sub_pd(bottom, top), fy));
        const __m128 summed = _mm256_cvtpd_ps(_mm256_add_pd(_mm256_cvtps_pd(*sums[ch]), _mm256_mul_pd(value, vweight)));
        // the lane mask as floats: all-ones doubles are NaNs whose sign survives the conversion
        *sums[ch] = _mm_blendv_ps(*sums[ch], summed, _mm256_cvtpd_ps(inside));
      }
    }
  }
  // Math.round as the scalar code: + 0.5 in double, then truncation (the sums are never negative)
  alignas(16) int r[4], g[4], bl[4];
  _mm_store_si128(reinterpret_cast<__m128i*>(r), _mm256_cvttpd_epi32(_mm256_add_pd(_mm256_cvtps_pd(red), half)));
  _mm_store_si128(reinterpret_cast<__m128i*>(g), _mm256_cvttpd_epi32(_mm256_add_pd(_mm256_cvtps_pd(green), half)));
  _mm_store_si128(reinterpret_cast<__m128i*>(bl), _mm256_cvttpd_epi32(_mm256_add_pd(_mm256_cvtps_pd(blue), half)));
  for (int lane = 0; lane < 4; ++lane) {
    out[lane * 3] = (uint8_t)r[lane];
    out[lane * 3 + 1] = (uint8_t)g[lane];
    out[lane * 3 + 2] = (uint8_t)bl[lane];
  }
  return true;
}

template <int KK>
__attribute__((target("avx2"))) void warp_face_rgb8_avx2(const uint8_t* src, idx w, idx h, const double* m, int k, uint8_t* dst, idx width, idx height) {
  const WarpGrid grid(k);
  for (idx y = 0; y < height; ++y) {
    uint8_t* row = dst + y * width * 3;
    idx x = 0;
    for (; x + 4 <= width; x += 4) {
      if (warp_block4<KK>(src, w, h, m, k, grid.offsets, grid.weight, y, x, row + x * 3)) continue;
      for (idx lane = 0; lane < 4; ++lane) warp_pixel<KK>(src, w, h, m, k, grid.offsets, grid.weight, y, x + lane, row + (x + lane) * 3);
    }
    for (; x < width; ++x) warp_pixel<KK>(src, w, h, m, k, grid.offsets, grid.weight, y, x, row + x * 3);
  }
}
#endif

// Calls run(std::integral_constant<int, K>) with K = k for the common 1 to 4 samples a side, else K = 0 (k at run time).
template <typename Run>
void with_samples_per_side(int k, Run run) {
  switch (k) {
    case 1: run(std::integral_constant<int, 1>{}); break;
    case 2: run(std::integral_constant<int, 2>{}); break;
    case 3: run(std::integral_constant<int, 3>{}); break;
    case 4: run(std::integral_constant<int, 4>{}); break;
    default: run(std::integral_constant<int, 0>{}); break;
  }
}
}  // namespace

void warp_face_rgb8(const uint8_t* src, idx w, idx h, const double* m, int k, uint8_t* dst, idx width, idx height) {
#ifdef FF_WARP_AVX2
  // 32-bit gather offsets: frames up to 715 million bytes (8K is 100 million)
  static const bool avx2 = __builtin_cpu_supports("avx2");
  if (avx2 && w * h * 3 < ((idx)1 << 31) - 4) {
    with_samples_per_side(k, [&](auto kk) { warp_face_rgb8_avx2<decltype(kk)::value>(src, w, h, m, k, dst, width, height); });
    return;
  }
#endif
  with_samples_per_side(k, [&](auto kk) { warp_face_rgb8_k<decltype(kk)::value>(src, w, h, m, k, dst, width, height); });
}
}  // namespace ff
