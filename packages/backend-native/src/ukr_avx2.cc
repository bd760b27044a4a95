// AVX2 + FMA micro-kernel, 6 x 16 (12 ymm accumulators). Compiled with -mavx2 -mfma only.
#include <immintrin.h>
#include "gemm.h"
namespace ff {
void ukr_avx2(idx kc, const float* a, const float* b, float* c, idx ldc, int mr, int nr, bool acc) {
  constexpr int MR = 6, NR = 16;
  __m256 r0[MR], r1[MR];
#pragma GCC unroll 6
  for (int i = 0; i < MR; ++i) { r0[i] = _mm256_setzero_ps(); r1[i] = _mm256_setzero_ps(); }
  for (idx k = 0; k < kc; ++k) {
    const __m256 b0 = _mm256_loadu_ps(b), b1 = _mm256_loadu_ps(b + 8);
#pragma GCC unroll 6
    for (int i = 0; i < MR; ++i) {
      const __m256 ai = _mm256_broadcast_ss(a + i);
      r0[i] = _mm256_fmadd_ps(ai, b0, r0[i]);
      r1[i] = _mm256_fmadd_ps(ai, b1, r1[i]);
    }
    a += MR;
    b += NR;
  }
  if (mr == MR && nr == NR) {
#pragma GCC unroll 6
    for (int i = 0; i < MR; ++i) {
      float* ci = c + i * ldc;
      __m256 v0 = r0[i], v1 = r1[i];
      if (acc) { v0 = _mm256_add_ps(v0, _mm256_loadu_ps(ci)); v1 = _mm256_add_ps(v1, _mm256_loadu_ps(ci + 8)); }
      _mm256_storeu_ps(ci, v0);
      _mm256_storeu_ps(ci + 8, v1);
    }
    return;
  }
  alignas(32) float t[MR][NR];
#pragma GCC unroll 6
  for (int i = 0; i < MR; ++i) { _mm256_store_ps(t[i], r0[i]); _mm256_store_ps(t[i] + 8, r1[i]); }
  for (int i = 0; i < mr; ++i) {
    float* ci = c + i * ldc;
    if (acc) for (int j = 0; j < nr; ++j) ci[j] += t[i][j];
    else for (int j = 0; j < nr; ++j) ci[j] = t[i][j];
  }
}
}  // namespace ff
