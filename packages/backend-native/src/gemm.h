// faceforge native backend: cache-blocked SGEMM with pluggable operand packers and a thread pool.
#pragma once
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <functional>

namespace ff {
typedef int64_t idx;

// Packs rows [i0, i0+mr) x k-range [k0, k0+kc) of the logical A (M x K) into dst[k*MR + r];
// rows r >= mr must be zero-filled.
struct ASource {
  virtual void pack(idx i0, int mr, int MR, idx k0, idx kc, float* dst) const = 0;
  virtual ~ASource() {}
};
// Packs columns [j0, j0+nr) x k-range of the logical B (K x N) into dst[k*NR + j], zero-filling j >= nr.
struct BSource {
  virtual void pack(idx j0, int nr, int NR, idx k0, idx kc, float* dst) const = 0;
  // Packs columns [j0, j0+nc) as consecutive NR-wide panels (panel q at dst + q*kc*NR).
  virtual void pack_block(idx j0, idx nc, int NR, idx k0, idx kc, float* dst) const;
  virtual ~BSource() {}
};
// Applied once to every finished block of C (rows i0.., cols j0..), e.g. bias + activation.
struct Epilogue {
  virtual void apply(float* c, idx ldc, idx i0, idx j0, idx m, idx n) const = 0;
  virtual ~Epilogue() {}
};

// dst[k*MR + r] = rows[r][k] for k < kc, r < mr (a null row reads as zeros), zero for r >= mr. Reads the
// rows side by side, k outermost: mr sequential streams the prefetcher follows, instead of one row at a
// time (each row is a short run far from the next, so that paid a cache miss per line).
void interleave_rows(const float* const* rows, int mr, int MR, idx kc, float* dst);

// Dense strided operands. A(i,k) = trans ? p[k*ld + i] : p[i*ld + k]; same for B(k,j).
struct DenseA : ASource {
  const float* p; idx ld; bool trans;
  DenseA(const float* p_, idx ld_, bool t) : p(p_), ld(ld_), trans(t) {}
  void pack(idx i0, int mr, int MR, idx k0, idx kc, float* dst) const override;
};
struct DenseB : BSource {
  const float* p; idx ld; bool trans;
  DenseB(const float* p_, idx ld_, bool t) : p(p_), ld(ld_), trans(t) {}
  void pack(idx j0, int nr, int NR, idx k0, idx kc, float* dst) const override;
  void pack_block(idx j0, idx nc, int NR, idx k0, idx kc, float* dst) const override;
};

// Blocks of the product known to be zero (rows of A that are all padding over a k range, say), whose
// micro-kernel call gemm skips: zero(i0, mr, j0, nr, k0, kc) says A[i0.., k0..] x B[k0.., j0..] is zero.
struct BlockZeros {
  virtual bool zero(idx i0, int mr, idx j0, int nr, idx k0, idx kc) const = 0;
  virtual ~BlockZeros() {}
};

// C (M x N, row stride ldc) = [C +] A x B, then epilogue. Parallel over the thread pool unless serial.
void gemm(idx M, idx N, idx K, const ASource& A, const BSource& B, float* C, idx ldc, bool accumulate,
          const Epilogue* epi, bool serial = false, const BlockZeros* zeros = nullptr);

// Micro-kernel: C[mr x nr] (+)= sum_k a[k*MR + r] * b[k*NR + j].
typedef void (*ukernel_fn)(idx kc, const float* a, const float* b, float* c, idx ldc, int mr, int nr, bool acc);
struct KernelInfo { ukernel_fn fn; int MR, NR, KC, MC, NC; const char* name; };
const KernelInfo& active_kernel();
// GFLOP/s of the active kernel's ISA on all pool threads, from a register-only FMA loop run for
// about `seconds`: the machine's real fp32 ceiling (at the clock it sustains under load). 0 for the
// generic kernel, which has no probe.
double measure_fma_peak(double seconds);
// Forces a kernel ("avx512", "avx2", "generic"); returns false if not supported by this CPU.
bool select_kernel(const char* name);

// n floats, 64-byte aligned (uninitialised); release with std::free.
float* alloc_floats(size_t n);
// A scratch buffer that grows to the largest size asked for and keeps it (packing, col buffers).
struct GrowBuffer {
  float* p = nullptr;
  size_t n = 0;
  float* get(size_t want) {
    if (want > n) { std::free(p); n = want; p = alloc_floats(n); }
    return p;
  }
};

// Thread pool.
int num_threads();
void set_num_threads(int n);
// Runs fn(tid, nthreads) on nthreads threads (the caller is tid 0) and waits for all.
void parallel_run(int nthreads, const std::function<void(int, int)>& fn);
// Splits [0, n) into contiguous chunks over the pool (single-threaded when n < grain).
void parallel_for(idx n, idx grain, const std::function<void(idx, idx)>& fn);
}  // namespace ff
