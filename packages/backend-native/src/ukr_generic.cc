// Portable micro-kernel (4 x 16), plain C++ that the compiler vectorizes for the baseline ISA.
#include "gemm.h"
namespace ff {
void ukr_generic(idx kc, const float* a, const float* b, float* c, idx ldc, int mr, int nr, bool acc) {
  constexpr int MR = 4, NR = 16;
  float t[MR][NR] = {};
  for (idx k = 0; k < kc; ++k) {
    for (int i = 0; i < MR; ++i) {
      const float ai = a[i];
      for (int j = 0; j < NR; ++j) t[i][j] += ai * b[j];
    }
    a += MR;
    b += NR;
  }
  for (int i = 0; i < mr; ++i) {
    float* ci = c + i * ldc;
    if (acc) for (int j = 0; j < nr; ++j) ci[j] += t[i][j];
    else for (int j = 0; j < nr; ++j) ci[j] = t[i][j];
  }
}
}  // namespace ff
