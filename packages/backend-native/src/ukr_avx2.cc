// AVX2 + FMA micro-kernel, 6 x 16 (12 ymm accumulators). Compiled with -mavx2 -mfma only.
#include <immintrin.h>
#include "gemm.h"
namespace ff {
void ukr_avx2(idx kc, const float* a, const float* b, float* c, idx ldc, int mr, int nr, bool acc) {
  constexpr int MR = 6, NR = 16;
  __m256 r0[MR], r1[MR];
#pragma GCC unroll 6
  for (int i = 0; i < MR; ++i) { r0[i] = _mm256_setzero_ps(); r1[i] = _mm256_setzero_ps(); }
  // C rows are ldc apart (often 4 KiB): start fetching them now, not when the k loop is done.
#pragma GCC unroll 6
  for (int i = 0; i < MR; ++i) {
    _mm_prefetch(reinterpret_cast<const char*>(c + i * ldc), _MM_HINT_T0);
    _mm_prefetch(reinterpret_cast<const char*>(c + i * ldc + NR - 1), _MM_HINT_T0);
  }
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

// FMA throughput probe: `rounds` x 12 independent 8-lane FMAs, registers only (2 x 4-cycle FMA units need
// at least 8 chains in flight). Returns a value that depends on every chain so none is optimised away.
float fma_probe_avx2(idx rounds) {
  __m256 r[12];
  const __m256 m = _mm256_set1_ps(0.999f), c = _mm256_set1_ps(1e-3f);
#pragma GCC unroll 12
  for (int i = 0; i < 12; ++i) r[i] = _mm256_set1_ps(0.01f * i);
  for (idx k = 0; k < rounds; ++k) {
#pragma GCC unroll 12
    for (int i = 0; i < 12; ++i) r[i] = _mm256_fmadd_ps(r[i], m, c);
  }
  __m256 t = r[0];
  for (int i = 1; i < 12; ++i) t = _mm256_add_ps(t, r[i]);
  return _mm256_cvtss_f32(t);
}
}  // namespace ff
