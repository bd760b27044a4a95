// Blocked SGEMM driver (Goto/BLIS loop order), operand packing, run-time ISA dispatch and thread pool.
#include "gemm.h"

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdlib>
#include <cstring>
#include <mutex>
#include <thread>
#include <vector>

namespace ff {
void ukr_generic(idx, const float*, const float*, float*, idx, int, int, bool);
#ifdef FF_HAVE_X86_KERNELS
void ukr_avx2(idx, const float*, const float*, float*, idx, int, int, bool);
void ukr_avx512(idx, const float*, const float*, float*, idx, int, int, bool);
float fma_probe_avx2(idx rounds);
float fma_probe_avx512(idx rounds);
#endif

// ---------------------------------------------------------------- dispatch
static const KernelInfo kGeneric = {ukr_generic, 4, 16, 256, 128, 2048, "generic"};
#ifdef FF_HAVE_X86_KERNELS
static const KernelInfo kAvx2 = {ukr_avx2, 6, 16, 256, 144, 2048, "avx2"};
static const KernelInfo kAvx512 = {ukr_avx512, 12, 32, 256, 240, 2048, "avx512"};
static bool cpu_has(const char* name) {
  __builtin_cpu_init();
  if (!std::strcmp(name, "avx512")) return __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
  if (!std::strcmp(name, "avx2")) return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
  return !std::strcmp(name, "generic");
}
#else
static bool cpu_has(const char* name) { return !std::strcmp(name, "generic"); }
#endif

static const KernelInfo* lookup(const char* name) {
#ifdef FF_HAVE_X86_KERNELS
  if (!std::strcmp(name, "avx512")) return &kAvx512;
  if (!std::strcmp(name, "avx2")) return &kAvx2;
#endif
  if (!std::strcmp(name, "generic")) return &kGeneric;
  return nullptr;
}

static const KernelInfo* pick_default() {
  const char* forced = std::getenv("FACEFORGE_KERNEL");
  if (forced && lookup(forced) && cpu_has(forced)) return lookup(forced);
  if (cpu_has("avx512")) return lookup("avx512");
  if (cpu_has("avx2")) return lookup("avx2");
  return &kGeneric;
}
static std::atomic<const KernelInfo*> g_kernel{nullptr};

const KernelInfo& active_kernel() {
  const KernelInfo* k = g_kernel.load();
  if (!k) { k = pick_default(); g_kernel.store(k); }
  return *k;
}
bool select_kernel(const char* name) {
  const KernelInfo* k = lookup(name);
  if (!k || !cpu_has(name)) return false;
  g_kernel.store(k);
  return true;
}

// ---------------------------------------------------------------- thread pool
namespace {
inline void cpu_relax() {
#if defined(__x86_64__) || defined(__i386__)
  __builtin_ia32_pause();
#endif
}

// Parallel regions come in bursts (a training step runs thousands, microseconds apart), and waking a
// thread blocked on a condition variable costs ~20 us: more than a small elementwise kernel. So
// workers poll for the next job, and the caller for the last worker, this many pauses (~40 us) before
// they block.
constexpr int kSpinPauses = 2000;

class Pool {
 public:
  int size() {
    std::call_once(init_, [this] {
      int n = 0;
      if (const char* e = std::getenv("FACEFORGE_THREADS")) n = std::atoi(e);
      if (n <= 0) n = (int)std::thread::hardware_concurrency();
      want_ = std::max(1, std::min(n, 256));
    });
    return want_;
  }
  void set_size(int n) { size(); want_ = std::max(1, std::min(n, 256)); }

  void run(int n, const std::function<void(int, int)>& fn) {
    if (n <= 1) { fn(0, 1); return; }
    std::lock_guard<std::mutex> serialize(run_mu_);  // one parallel region at a time, process-wide
    {
      std::unique_lock<std::mutex> lk(mu_);
      while ((int)threads_.size() < n - 1) {
        int tid = (int)threads_.size() + 1;
        threads_.emplace_back([this, tid] { worker(tid); });
        threads_.back().detach();  // the pool lives for the whole process
      }
      job_ = &fn;
      job_n_ = n;
      remaining_.store(n - 1);
      gen_.fetch_add(1);
    }
    cv_start_.notify_all();
    fn(0, n);
    for (int i = 0; i < kSpinPauses && remaining_.load() != 0; ++i) cpu_relax();
    std::unique_lock<std::mutex> lk(mu_);
    cv_done_.wait(lk, [this] { return remaining_.load() == 0; });
    job_ = nullptr;
  }

 private:
  void worker(int tid) {
    uint64_t seen = 0;
    for (;;) {
      for (int i = 0; i < kSpinPauses && gen_.load() == seen; ++i) cpu_relax();
      std::unique_lock<std::mutex> lk(mu_);
      cv_start_.wait(lk, [&] { return gen_.load() != seen; });
      seen = gen_.load();
      if (tid >= job_n_) continue;
      const std::function<void(int, int)>* f = job_;
      const int n = job_n_;
      lk.unlock();
      (*f)(tid, n);
      if (remaining_.fetch_sub(1) == 1) {
        std::lock_guard<std::mutex> done(mu_);  // the caller checks remaining_ under mu_ before it waits
        cv_done_.notify_one();
      }
    }
  }
  std::once_flag init_;
  int want_ = 1;
  std::mutex run_mu_, mu_;
  std::condition_variable cv_start_, cv_done_;
  std::vector<std::thread> threads_;
  const std::function<void(int, int)>* job_ = nullptr;  // job_ and job_n_ change under mu_
  int job_n_ = 0;
  std::atomic<int> remaining_{0};
  std::atomic<uint64_t> gen_{0};  // bumped under mu_ for each region; polled without it
};
Pool& pool() {
  static Pool* p = new Pool();  // intentionally leaked: detached workers may outlive static destructors
  return *p;
}
}  // namespace

int num_threads() { return pool().size(); }
void set_num_threads(int n) { pool().set_size(n); }
void parallel_run(int nthreads, const std::function<void(int, int)>& fn) { pool().run(nthreads, fn); }
void parallel_for(idx n, idx grain, const std::function<void(idx, idx)>& fn) {
  if (n <= 0) return;
  int T = num_threads();
  if (grain < 1) grain = 1;
  T = (int)std::min<idx>(T, (n + grain - 1) / grain);
  if (T <= 1) { fn(0, n); return; }
  pool().run(T, [&](int tid, int nt) {
    const idx b = n * tid / nt, e = n * (tid + 1) / nt;
    if (b < e) fn(b, e);
  });
}

// ---------------------------------------------------------------- peak probe
double measure_fma_peak(double seconds) {
  float (*probe)(idx) = nullptr;
  double flops_per_round = 0;
#ifdef FF_HAVE_X86_KERNELS
  if (active_kernel().fn == ukr_avx2) { probe = fma_probe_avx2; flops_per_round = 12 * 8 * 2; }
  if (active_kernel().fn == ukr_avx512) { probe = fma_probe_avx512; flops_per_round = 16 * 16 * 2; }
#endif
  if (!probe) return 0;
  const int T = num_threads();
  const idx rounds = 1 << 20;
  std::vector<double> done(T, 0.0);
  std::atomic<float> sink{0.f};
  const auto start = std::chrono::steady_clock::now();
  const auto elapsed = [&] { return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count(); };
  parallel_run(T, [&](int tid, int) {
    float s = 0.f;
    do { s += probe(rounds); done[tid] += flops_per_round * rounds; } while (elapsed() < seconds);
    sink.store(sink.load() + s);
  });
  const double wall = elapsed();
  double total = 0;
  for (double d : done) total += d;
  return sink.load() == -1.f ? 0 : total / wall / 1e9;  // the comparison keeps the probes' results live
}

// ---------------------------------------------------------------- packing of dense operands
namespace {
template <int MR>
void interleave_fixed(const float* const* rows, idx kc, float* dst) {
  for (idx k = 0; k < kc; ++k) {
    float* d = dst + k * MR;
#pragma GCC unroll 16
    for (int r = 0; r < MR; ++r) d[r] = rows[r][k];
  }
}

#if defined(__SSE2__)
// The AVX2 kernel's 6-row panels, four k at a time: a 4x4 transpose for rows 0-3 and pairs for 4-5.
template <>
void interleave_fixed<6>(const float* const* rows, idx kc, float* dst) {
  const float *s0 = rows[0], *s1 = rows[1], *s2 = rows[2], *s3 = rows[3], *s4 = rows[4], *s5 = rows[5];
  idx k = 0;
  for (; k + 4 <= kc; k += 4) {
    __m128 r0 = _mm_loadu_ps(s0 + k), r1 = _mm_loadu_ps(s1 + k), r2 = _mm_loadu_ps(s2 + k), r3 = _mm_loadu_ps(s3 + k);
    const __m128 r4 = _mm_loadu_ps(s4 + k), r5 = _mm_loadu_ps(s5 + k);
    _MM_TRANSPOSE4_PS(r0, r1, r2, r3);
    const __m128 lo = _mm_unpacklo_ps(r4, r5), hi = _mm_unpackhi_ps(r4, r5);  // (4,5) at k, k+1 | k+2, k+3
    float* d = dst + k * 6;
    _mm_storeu_ps(d, r0);
    _mm_storel_pi(reinterpret_cast<__m64*>(d + 4), lo);
    _mm_storeu_ps(d + 6, r1);
    _mm_storeh_pi(reinterpret_cast<__m64*>(d + 10), lo);
    _mm_storeu_ps(d + 12, r2);
    _mm_storel_pi(reinterpret_cast<__m64*>(d + 16), hi);
    _mm_storeu_ps(d + 18, r3);
    _mm_storeh_pi(reinterpret_cast<__m64*>(d + 22), hi);
  }
  for (; k < kc; ++k) {
    float* d = dst + k * 6;
    d[0] = s0[k]; d[1] = s1[k]; d[2] = s2[k]; d[3] = s3[k]; d[4] = s4[k]; d[5] = s5[k];
  }
}
#endif
}  // namespace

void interleave_rows(const float* const* rows, int mr, int MR, idx kc, float* dst) {
  thread_local std::vector<float> zeros;
  if ((idx)zeros.size() < kc) zeros.resize(kc, 0.f);
  const float* src[64];
  for (int r = 0; r < MR; ++r) src[r] = r < mr && rows[r] ? rows[r] : zeros.data();
  switch (MR) {
    case 4: interleave_fixed<4>(src, kc, dst); return;
    case 6: interleave_fixed<6>(src, kc, dst); return;
    case 12: interleave_fixed<12>(src, kc, dst); return;
    case 16: interleave_fixed<16>(src, kc, dst); return;
    case 32: interleave_fixed<32>(src, kc, dst); return;
    default:
      for (idx k = 0; k < kc; ++k)
        for (int r = 0; r < MR; ++r) dst[k * MR + r] = src[r][k];
  }
}

void DenseA::pack(idx i0, int mr, int MR, idx k0, idx kc, float* dst) const {
  if (!trans) {
    const float* rows[64];
    for (int r = 0; r < mr; ++r) rows[r] = p + (i0 + r) * ld + k0;
    // The next micro-panel's rows (the caller packs them next): fetch them while this one is copied.
    for (int r = MR; r < 2 * MR; ++r)
      for (idx k = 0; k < kc; k += 16) __builtin_prefetch(p + (i0 + r) * ld + k0 + k);
    interleave_rows(rows, mr, MR, kc, dst);
  } else {
    for (idx k = 0; k < kc; ++k) {
      const float* s = p + (k0 + k) * ld + i0;
      float* d = dst + k * MR;
      for (int r = 0; r < mr; ++r) d[r] = s[r];
      for (int r = mr; r < MR; ++r) d[r] = 0.f;
    }
  }
}
void DenseB::pack(idx j0, int nr, int NR, idx k0, idx kc, float* dst) const {
  if (!trans) {
    for (idx k = 0; k < kc; ++k) {
      const float* s = p + (k0 + k) * ld + j0;
      float* d = dst + k * NR;
      for (int j = 0; j < nr; ++j) d[j] = s[j];
      for (int j = nr; j < NR; ++j) d[j] = 0.f;
    }
  } else {
    const float* cols[64];
    for (int j = 0; j < nr; ++j) cols[j] = p + (j0 + j) * ld + k0;
    interleave_rows(cols, nr, NR, kc, dst);
  }
}

void BSource::pack_block(idx j0, idx nc, int NR, idx k0, idx kc, float* dst) const {
  for (idx jr = 0; jr < nc; jr += NR) pack(j0 + jr, (int)std::min<idx>(NR, nc - jr), NR, k0, kc, dst + jr * kc);
}
namespace {
template <int NR>  // NR known at compile time: each 16/32-float copy is a few vector moves, not a memcpy call
void pack_row_major(const float* p, idx ld, idx j0, idx nc, idx k0, idx kc, float* dst) {
  const idx full = nc / NR * NR, tail = nc - full;
  for (idx k = 0; k < kc; ++k) {
    const float* s = p + (k0 + k) * ld + j0;
    float* d = dst + k * NR;
    for (idx jr = 0; jr < full; jr += NR) std::memcpy(d + jr * kc, s + jr, NR * sizeof(float));
    if (tail) {
      float* dt = d + full * kc;
      for (idx j = 0; j < tail; ++j) dt[j] = s[full + j];
      for (idx j = tail; j < NR; ++j) dt[j] = 0.f;
    }
  }
}
}  // namespace
// Row-major B: copy whole rows of the block, one k at a time. Packing panel by panel reads NR floats
// per row, ld apart (4 KiB for a 1024-wide weight matrix): one page per row, which the prefetcher
// does not follow; a whole row of the block is one sequential run.
void DenseB::pack_block(idx j0, idx nc, int NR, idx k0, idx kc, float* dst) const {
  if (!trans && NR == 16) pack_row_major<16>(p, ld, j0, nc, k0, kc, dst);
  else if (!trans && NR == 32) pack_row_major<32>(p, ld, j0, nc, k0, kc, dst);
  else BSource::pack_block(j0, nc, NR, k0, kc, dst);
}

float* alloc_floats(size_t n) {
  return static_cast<float*>(std::aligned_alloc(64, ((n * sizeof(float) + 63) / 64) * 64));
}

// ---------------------------------------------------------------- driver
namespace {
thread_local GrowBuffer t_abuf, t_bbuf;

void gemm_tile(const KernelInfo& kr, idx m0, idx m1, idx n0, idx n1, idx K, const ASource& A, const BSource& B,
               float* C, idx ldc, bool accumulate, const Epilogue* epi, const BlockZeros* zeros) {
  const int MR = kr.MR, NR = kr.NR;
  // Few rows (a dense layer at batch 16): each packed B block feeds only a few micro-kernel calls,
  // so keep it small enough to stay in L2 between packing and use (B, the weights, is then read
  // from memory once, not packed out to L3 and read back).
  const idx KC = kr.KC, MC = kr.MC, NC = m1 - m0 <= 4 * MR ? std::min<idx>(kr.NC, 16 * NR) : kr.NC;
  float* abuf = t_abuf.get((size_t)MC * KC);
  float* bbuf = t_bbuf.get((size_t)KC * ((NC + NR - 1) / NR) * NR);
  for (idx jc = n0; jc < n1; jc += NC) {
    const idx nc = std::min(NC, n1 - jc);
    for (idx pc = 0; pc < K; pc += KC) {
      const idx kc = std::min(KC, K - pc);
      const bool acc = accumulate || pc > 0;
      const bool last = pc + kc >= K;
      B.pack_block(jc, nc, NR, pc, kc, bbuf);
      for (idx ic = m0; ic < m1; ic += MC) {
        const idx mc = std::min(MC, m1 - ic);
        for (idx ir = 0; ir < mc; ir += MR)
          A.pack(ic + ir, (int)std::min<idx>(MR, mc - ir), MR, pc, kc, abuf + (ir / MR) * kc * MR);
        for (idx jr = 0; jr < nc; jr += NR) {
          const int nr = (int)std::min<idx>(NR, nc - jr);
          const float* bp = bbuf + (jr / NR) * kc * NR;
          for (idx ir = 0; ir < mc; ir += MR) {
            const int mr = (int)std::min<idx>(MR, mc - ir);
            float* c = C + (ic + ir) * ldc + jc + jr;
            if (zeros && zeros->zero(ic + ir, mr, jc + jr, nr, pc, kc)) {
              if (!acc) for (int i = 0; i < mr; ++i) std::memset(c + i * ldc, 0, sizeof(float) * nr);
              continue;
            }
            kr.fn(kc, abuf + (ir / MR) * kc * MR, bp, c, ldc, mr, nr, acc);
          }
        }
        if (last && epi) epi->apply(C + ic * ldc + jc, ldc, ic, jc, mc, nc);
      }
    }
  }
}
}  // namespace

void gemm(idx M, idx N, idx K, const ASource& A, const BSource& B, float* C, idx ldc, bool accumulate,
          const Epilogue* epi, bool serial, const BlockZeros* zeros) {
  if (M <= 0 || N <= 0) return;
  const KernelInfo& kr = active_kernel();
  if (K <= 0) {
    for (idx i = 0; i < M; ++i)
      if (!accumulate) std::memset(C + i * ldc, 0, sizeof(float) * N);
    if (epi) epi->apply(C, ldc, 0, 0, M, N);
    return;
  }
  int T = serial ? 1 : num_threads();
  if ((double)M * N * K < 32.0 * 32 * 32 * 4) T = 1;
  // Split C into a tm x tn grid of tiles, minimising per-thread compute plus (duplicated) packing.
  idx best_tm = 1, best_mt = M, best_nt = N;
  double best_cost = -1;
  for (int tm = 1; tm <= T; ++tm) {
    if (T % tm) continue;
    const int tn = T / tm;
    idx mt = (M + tm - 1) / tm;
    mt = (mt + kr.MR - 1) / kr.MR * kr.MR;
    idx nt = (N + tn - 1) / tn;
    nt = (nt + kr.NR - 1) / kr.NR * kr.NR;
    const double cost = (double)mt * nt + 8.0 * (double)(mt + nt) * 16;
    if (best_cost < 0 || cost < best_cost) { best_cost = cost; best_tm = tm; best_mt = mt; best_nt = nt; }
  }
  if (T == 1) { gemm_tile(kr, 0, M, 0, N, K, A, B, C, ldc, accumulate, epi, zeros); return; }
  const idx tn = T / best_tm, mt = best_mt, nt = best_nt;
  parallel_run(T, [&](int tid, int) {
    const idx ti = tid / tn, tj = tid % tn;
    const idx m0 = ti * mt, m1 = std::min(M, m0 + mt), n0 = tj * nt, n1 = std::min(N, n0 + nt);
    if (m0 < m1 && n0 < n1) gemm_tile(kr, m0, m1, n0, n1, K, A, B, C, ldc, accumulate, epi, zeros);
  });
}
}  // namespace ff
