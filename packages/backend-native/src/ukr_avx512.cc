// AVX-512F micro-kernel, 12 x 32 (24 zmm accumulators). Compiled with -mavx512f -mavx2 -mfma only.
#include <immintrin.h>
#include "gemm.h"
namespace ff {
void ukr_avx512(idx kc, const float* a, const float* b, float* c, idx ldc, int mr, int nr, bool acc) {
  constexpr int MR = 12, NR = 32;
  __m512 r0[MR], r1[MR];
#pragma GCC unroll 12
  for (int i = 0; i < MR; ++i) { r0[i] = _mm512_setzero_ps(); r1[i] = _mm512_setzero_ps(); }
  // C rows are ldc apart (often 4 KiB): start fetching them now, not when the k loop is done.
#pragma GCC unroll 12
  for (int i = 0; i < MR; ++i) {
    _mm_prefetch(reinterpret_cast<const char*>(c + i * ldc), _MM_HINT_T0);
    _mm_prefetch(reinterpret_cast<const char*>(c + i * ldc + NR - 1), _MM_HINT_T0);
  }
  for (idx k = 0; k < kc; ++k) {
    const __m512 b0 = _mm512_loadu_ps(b), b1 = _mm512_loadu_ps(b + 16);
#pragma GCC unroll 12
    for (int i = 0; i < MR; ++i) {
      const __m512 ai = _mm512_set1_ps(a[i]);
      r0[i] = _mm512_fmadd_ps(ai, b0, r0[i]);
      r1[i] = _mm512_fmadd_ps(ai, b1, r1[i]);
    }
    a += MR;
    b += NR;
  }
  if (mr == MR && nr == NR) {
#pragma GCC unroll 12
    for (int i = 0; i < MR; ++i) {
      float* ci = c + i * ldc;
      __m512 v0 = r0[i], v1 = r1[i];
      if (acc) { v0 = _mm512_add_ps(v0, _mm512_loadu_ps(ci)); v1 = _mm512_add_ps(v1, _mm512_loadu_ps(ci + 16)); }
      _mm512_storeu_ps(ci, v0);
      _mm512_storeu_ps(ci + 16, v1);
    }
    return;
  }
  // Edge tile: spill the accumulators with constant indices (keeps them in registers above), then mask.
  alignas(64) float t[MR][NR];
#pragma GCC unroll 12
  for (int i = 0; i < MR; ++i) { _mm512_store_ps(t[i], r0[i]); _mm512_store_ps(t[i] + 16, r1[i]); }
  const __mmask16 m0 = nr >= 16 ? (__mmask16)0xFFFF : (__mmask16)((1u << nr) - 1);
  const __mmask16 m1 = nr >= 32 ? (__mmask16)0xFFFF : nr <= 16 ? (__mmask16)0 : (__mmask16)((1u << (nr - 16)) - 1);
  for (int i = 0; i < mr; ++i) {
    float* ci = c + i * ldc;
    __m512 v0 = _mm512_load_ps(t[i]), v1 = _mm512_load_ps(t[i] + 16);
    if (acc) {
      v0 = _mm512_add_ps(v0, _mm512_maskz_loadu_ps(m0, ci));
      v1 = _mm512_add_ps(v1, _mm512_maskz_loadu_ps(m1, ci + 16));
    }
    _mm512_mask_storeu_ps(ci, m0, v0);
    _mm512_mask_storeu_ps(ci + 16, m1, v1);
  }
}

// FMA throughput probe (see fma_probe_avx2): 16 independent 16-lane chains.
float fma_probe_avx512(idx rounds) {
  __m512 r[16];
  const __m512 m = _mm512_set1_ps(0.999f), c = _mm512_set1_ps(1e-3f);
#pragma GCC unroll 16
  for (int i = 0; i < 16; ++i) r[i] = _mm512_set1_ps(0.01f * i);
  for (idx k = 0; k < rounds; ++k) {
#pragma GCC unroll 16
    for (int i = 0; i < 16; ++i) r[i] = _mm512_fmadd_ps(r[i], m, c);
  }
  __m512 t = r[0];
  for (int i = 1; i < 16; ++i) t = _mm512_add_ps(t, r[i]);
  return _mm512_cvtss_f32(t);
}
}  // namespace ff
