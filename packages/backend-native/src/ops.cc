// Elementwise, reduction and fused optimizer kernels (memory-bound: plain loops, split over the pool).
#include <algorithm>
#include <cmath>
#include <vector>

#include "kernels.h"

namespace ff {
static constexpr idx kGrain = 1 << 15;

// Walks rows [b, e) of a box `shape` (rank axes; a row runs along the last), keeping each of the K
// operands' offset of the row: the sum over the outer axes of coordinate x strides[k][axis].
// Calls fn(row, offsets). Shared by transpose, copy_region and the any-broadcast binary ops.
template <int K, class Fn>
static void walk_rows(int rank, const idx* shape, const idx* const (&strides)[K], idx b, idx e, Fn fn) {
  idx coord[8];
  idx r = b;
  for (int i = rank - 2; i >= 0; --i) { coord[i] = r % shape[i]; r /= shape[i]; }
  for (idx row = b; row < e; ++row) {
    idx offsets[K] = {};
    for (int k = 0; k < K; ++k)
      for (int i = 0; i < rank - 1; ++i) offsets[k] += coord[i] * strides[k][i];
    fn(row, offsets);
    for (int i = rank - 2; i >= 0; --i) { if (++coord[i] < shape[i]) break; coord[i] = 0; }
  }
}

// Elements [s, e) of an array whose rows are `inner` long, a row's piece at a time: fn(i, j, len)
// covers elements i..i+len, which sit at j..j+len within their row. One division per piece instead
// of a modulo per element, so the inner loops vectorize (a bias add is this, on every activation).
template <class Fn>
static inline void by_row(idx s, idx e, idx inner, Fn fn) {
  for (idx i = s; i < e;) {
    const idx j = i % inner, len = std::min(inner - j, e - i);
    fn(i, j, len);
    i += len;
  }
}

void unary(int op, const float* x, float* y, idx n, float alpha, float beta) {
  parallel_for(n, kGrain, [=](idx b, idx e) {
    switch (op) {
      case ACT_RELU: for (idx i = b; i < e; ++i) y[i] = x[i] > 0.f ? x[i] : 0.f; break;
      case ACT_RELU6: for (idx i = b; i < e; ++i) y[i] = std::min(std::max(x[i], 0.f), 6.f); break;
      // the product is formed unconditionally: a conditional multiply keeps the loop scalar (trapping math)
      case ACT_LEAKY: for (idx i = b; i < e; ++i) { const float v = x[i], scaled = v * alpha; y[i] = v < 0.f ? scaled : v; } break;
      case ACT_SIGMOID: for (idx i = b; i < e; ++i) y[i] = 1.f / (1.f + std::exp(-x[i])); break;
      case ACT_TANH: for (idx i = b; i < e; ++i) y[i] = std::tanh(x[i]); break;
      case UNARY_CLIP: for (idx i = b; i < e; ++i) y[i] = std::min(std::max(x[i], alpha), beta); break;
      case UNARY_NEG: for (idx i = b; i < e; ++i) y[i] = -x[i]; break;
      case UNARY_STEP: for (idx i = b; i < e; ++i) y[i] = std::isnan(x[i]) ? x[i] : x[i] > 0.f ? 1.f : alpha; break;
      default: for (idx i = b; i < e; ++i) y[i] = x[i]; break;
    }
  });
}

template <class F>
static void binary_loop(F f, const float* a, const float* b, float* y, idx n, int mode, idx inner) {
  parallel_for(n, kGrain, [=](idx s, idx e) {
    switch (mode) {
      case 0: for (idx i = s; i < e; ++i) y[i] = f(a[i], b[i]); break;
      case 1: { const float bv = b[0]; for (idx i = s; i < e; ++i) y[i] = f(a[i], bv); break; }
      case 2: { const float av = a[0]; for (idx i = s; i < e; ++i) y[i] = f(av, b[i]); break; }
      case 3: by_row(s, e, inner, [&](idx i, idx j, idx len) { for (idx k = 0; k < len; ++k) y[i + k] = f(a[i + k], b[j + k]); }); break;
      case 4: by_row(s, e, inner, [&](idx i, idx j, idx len) { for (idx k = 0; k < len; ++k) y[i + k] = f(a[j + k], b[i + k]); }); break;
    }
  });
}

// Calls body(f) with the elementwise function of binary op `op` (see kernels.h).
template <class Body>
static void with_binary_op(int op, float alpha, Body body) {
  switch (op) {
    case 0: body([](float p, float q) { return p + q; }); break;
    case 1: body([](float p, float q) { return p - q; }); break;
    case 2: body([](float p, float q) { return p * q; }); break;
    case 3: body([](float p, float q) { return p / q; }); break;
    case 4: body([](float p, float q) { const float pq = p * q; return p < 0.f ? pq : p; }); break;  // prelu
    case 5: body([alpha](float p, float q) { const float pa = p * alpha; return q > 0.f ? p : pa; }); break;  // leaky relu gradient
  }
}

void binary(int op, const float* a, const float* b, float* y, idx n, int mode, idx inner, float alpha) {
  with_binary_op(op, alpha, [=](auto f) { binary_loop(f, a, b, y, n, mode, inner); });
}

void binary_broadcast(int op, const float* a, const float* b, float* y, int rank, const idx* shape, const idx* sa, const idx* sb) {
  idx rows = 1;
  for (int i = 0; i < rank - 1; ++i) rows *= shape[i];
  const idx run = shape[rank - 1], ra = sa[rank - 1], rb = sb[rank - 1];
  if (rows == 0 || run == 0) return;
  with_binary_op(op, 0.f, [=](auto f) {
    parallel_for(rows, std::max<idx>(1, kGrain / run), [=](idx s, idx e) {
      const idx* const strides[2] = {sa, sb};
      walk_rows(rank, shape, strides, s, e, [&](idx row, const idx* off) {
        const float *pa = a + off[0], *pb = b + off[1];
        float* py = y + row * run;
        for (idx j = 0; j < run; ++j) py[j] = f(pa[j * ra], pb[j * rb]);
      });
    });
  });
}

void reduce(int op, const float* x, float* y, idx pre, idx red, idx post, double scale) {
  if (post == 1) {
    // Contiguous rows: one output per row.
    parallel_for(pre, std::max<idx>(1, kGrain / std::max<idx>(red, 1)), [=](idx b, idx e) {
      for (idx p = b; p < e; ++p) {
        const float* r = x + p * red;
        if (op == 0) {
          double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
          idx i = 0;
          for (; i + 4 <= red; i += 4) { s0 += r[i]; s1 += r[i + 1]; s2 += r[i + 2]; s3 += r[i + 3]; }
          for (; i < red; ++i) s0 += r[i];
          y[p] = (float)(((s0 + s1) + (s2 + s3)) * scale);
        } else {
          float m = r[0];
          for (idx i = 1; i < red; ++i) m = std::max(m, r[i]);  // NaN handling: tfjs cpu also uses '>'
          y[p] = m;
        }
      }
    });
    return;
  }
  // Strided: accumulate rows of length `post` in column blocks; tasks = pre x column blocks.
  constexpr idx PB = 512;
  const idx nb = (post + PB - 1) / PB, tasks = pre * nb;
  parallel_for(tasks, 1, [=](idx b, idx e) {
    double acc[PB];
    float mx[PB];
    for (idx t = b; t < e; ++t) {
      const idx p = t / nb, q0 = (t % nb) * PB, q1 = std::min(post, q0 + PB), w = q1 - q0;
      const float* base = x + p * red * post + q0;
      if (op == 0) {
        for (idx q = 0; q < w; ++q) acc[q] = 0;
        for (idx r = 0; r < red; ++r) {
          const float* row = base + r * post;
          for (idx q = 0; q < w; ++q) acc[q] += row[q];
        }
        for (idx q = 0; q < w; ++q) y[p * post + q0 + q] = (float)(acc[q] * scale);
      } else {
        for (idx q = 0; q < w; ++q) mx[q] = base[q];
        for (idx r = 1; r < red; ++r) {
          const float* row = base + r * post;
          for (idx q = 0; q < w; ++q) mx[q] = std::max(mx[q], row[q]);
        }
        for (idx q = 0; q < w; ++q) y[p * post + q0 + q] = mx[q];
      }
    }
  });
}

void transpose(const float* x, float* y, int rank, const idx* shape, const int* perm) {
  idx in_stride[8], out_shape[8], src_stride[8];
  idx n = 1;
  for (int i = rank - 1; i >= 0; --i) { in_stride[i] = n; n *= shape[i]; }
  for (int i = 0; i < rank; ++i) { out_shape[i] = shape[perm[i]]; src_stride[i] = in_stride[perm[i]]; }
  if (n == 0) return;
  // Runs: the output's innermost axis, contiguous in the source when perm keeps the last axis.
  const idx run = out_shape[rank - 1], run_stride = src_stride[rank - 1];
  const idx rows = n / run;
  parallel_for(rows, std::max<idx>(1, kGrain / std::max<idx>(run, 1)), [=](idx b, idx e) {
    const idx* const strides[1] = {src_stride};
    walk_rows(rank, out_shape, strides, b, e, [&](idx row, const idx* off) {
      float* dst = y + row * run;
      const float* src = x + off[0];
      if (run_stride == 1) std::copy(src, src + run, dst);
      else for (idx j = 0; j < run; ++j) dst[j] = src[j * run_stride];
    });
  });
}

void copy_region(const float* x, const idx* xshape, const idx* xbegin, float* y, const idx* yshape, const idx* ybegin,
                 const idx* region, int rank) {
  idx xs[8], ys[8], rows = 1;
  xs[rank - 1] = ys[rank - 1] = 1;
  for (int i = rank - 2; i >= 0; --i) { xs[i] = xs[i + 1] * xshape[i + 1]; ys[i] = ys[i + 1] * yshape[i + 1]; }
  for (int i = 0; i < rank - 1; ++i) rows *= region[i];
  const idx run = region[rank - 1];
  if (rows == 0 || run == 0) return;
  idx x0 = 0, y0 = 0;
  for (int i = 0; i < rank; ++i) { x0 += xbegin[i] * xs[i]; y0 += ybegin[i] * ys[i]; }
  parallel_for(rows, std::max<idx>(1, kGrain / run), [=](idx b, idx e) {
    const idx* const strides[2] = {xs, ys};
    walk_rows(rank, region, strides, b, e, [&](idx, const idx* off) {
      std::copy(x + x0 + off[0], x + x0 + off[0] + run, y + y0 + off[1]);
    });
  });
}

void fill(float* y, idx n, float value) {
  parallel_for(n, kGrain, [=](idx b, idx e) { std::fill(y + b, y + e, value); });
}

void greater(const float* a, const float* b, uint8_t* y, idx n, int mode, idx inner) {
  parallel_for(n, kGrain, [=](idx s, idx e) {
    switch (mode) {
      case 0: for (idx i = s; i < e; ++i) y[i] = a[i] > b[i]; break;
      case 1: { const float bv = b[0]; for (idx i = s; i < e; ++i) y[i] = a[i] > bv; break; }
      case 2: { const float av = a[0]; for (idx i = s; i < e; ++i) y[i] = av > b[i]; break; }
      case 3: by_row(s, e, inner, [&](idx i, idx j, idx len) { for (idx k = 0; k < len; ++k) y[i + k] = a[i + k] > b[j + k]; }); break;
      case 4: by_row(s, e, inner, [&](idx i, idx j, idx len) { for (idx k = 0; k < len; ++k) y[i + k] = a[j + k] > b[i + k]; }); break;
    }
  });
}

void select(const uint8_t* cond, const float* a, const float* b, float* y, idx n) {
  parallel_for(n, kGrain, [=](idx s, idx e) {
    for (idx i = s; i < e; ++i) y[i] = cond[i] ? a[i] : b[i];
  });
}

namespace {
struct AdamScalars { float b1, b2, one_minus_b1, one_minus_b2, step_size, sqrt_bc2, eps; };

// The per-element update; AdaBelief is a template parameter, so each variant's loop has no branch
// (a branch inside kept the loop scalar).
template <bool AdaBelief>
inline __attribute__((always_inline)) void adam_loop(const float* p, const float* g, const float* m, const float* v, float* po,
                                                     float* mo, float* vo, idx s, idx e, const AdamScalars& k) {
  // po/mo/vo are either the inputs themselves (in place, same index) or separate arrays: no element
  // is written before it is read, so the loop carries no dependence.
#pragma GCC ivdep
  for (idx i = s; i < e; ++i) {
    const float gi = g[i], mi = k.b1 * m[i] + k.one_minus_b1 * gi;
    float vi;
    if (AdaBelief) {
      const float r = gi - mi;
      vi = (k.b2 * v[i] + k.one_minus_b2 * (r * r)) + k.eps;
    } else {
      vi = k.b2 * v[i] + k.one_minus_b2 * (gi * gi);
    }
    const float pi = p[i] - (mi / (std::sqrt(vi) / k.sqrt_bc2 + k.eps)) * k.step_size;
    mo[i] = mi; vo[i] = vi; po[i] = pi;
  }
}

// Built for AVX2 too: 82 M parameters a step make this the largest memory-bound kernel of training.
FF_AVX2_CLONES
void adam_range(const float* p, const float* g, const float* m, const float* v, float* po, float* mo, float* vo,
                idx s, idx e, AdamScalars k, bool adabelief) {
  if (adabelief) adam_loop<true>(p, g, m, v, po, mo, vo, s, e, k);
  else adam_loop<false>(p, g, m, v, po, mo, vo, s, e, k);
}
}  // namespace

void adam_update(const float* p, const float* g, const float* m, const float* v, float* po, float* mo, float* vo,
                 idx n, double lr, double b1, double b2, double eps, double step, bool adabelief) {
  // Same float32 operation order as the optimizers' tfjs-op path (each op rounds to float32), so the
  // fused kernel reproduces it to the last bit on any input; scalars are float32 like tfjs scalars.
  const double bc1 = 1.0 - std::pow(b1, step), bc2 = 1.0 - std::pow(b2, step);
  const AdamScalars k = {(float)b1, (float)b2, (float)(1.0 - b1), (float)(1.0 - b2), (float)(lr / bc1),
                         (float)std::sqrt(bc2), (float)eps};
  parallel_for(n, kGrain, [=](idx s, idx e) { adam_range(p, g, m, v, po, mo, vo, s, e, k, adabelief); });
}

void rmsprop_update(const float* p, const float* g, const float* ms, float* po, float* mso, idx n, double lr,
                    double rho, double eps) {
  const float frho = (float)rho, f1rho = (float)(1.0 - rho), flr = (float)lr, feps = (float)eps;
  parallel_for(n, kGrain, [=](idx s, idx e) {
    for (idx i = s; i < e; ++i) {
      const float gi = g[i], mi = frho * ms[i] + f1rho * (gi * gi);
      mso[i] = mi;
      po[i] = p[i] - (gi / (std::sqrt(mi) + feps)) * flr;
    }
  });
}
}  // namespace ff
