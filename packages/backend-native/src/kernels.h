// faceforge native backend: convolution, matmul, elementwise, reduction and optimizer kernels.
#pragma once
#include <algorithm>
#include <cmath>
#include <vector>

#include "gemm.h"

namespace ff {
enum Act { ACT_LINEAR = 0, ACT_RELU = 1, ACT_RELU6 = 2, ACT_LEAKY = 3, ACT_SIGMOID = 4, ACT_TANH = 5 };

inline float activate(float v, int act, float alpha) {
  switch (act) {
    case ACT_RELU: return v > 0.f ? v : 0.f;
    case ACT_RELU6: return std::min(std::max(v, 0.f), 6.f);
    case ACT_LEAKY: return v < 0.f ? v * alpha : v;
    case ACT_SIGMOID: return 1.f / (1.f + std::exp(-v));
    case ACT_TANH: return std::tanh(v);
    default: return v;
  }
}

// row[j] = act(row[j] + bias[j]) for j < n (bias may be null), one loop per activation so each
// vectorizes: with activate()'s switch per element the loop stayed scalar, and relu6's branches
// mispredicted (a fused conv + bias + relu6 ran 2-3x slower than the plain conv). Same floats as
// the add then the activation in two passes.
template <class F>
inline void bias_then(float* row, const float* bias, idx n, F f) {
  if (bias) for (idx j = 0; j < n; ++j) row[j] = f(row[j] + bias[j]);
  else for (idx j = 0; j < n; ++j) row[j] = f(row[j]);
}
inline void bias_act_row(float* row, const float* bias, idx n, int act, float alpha) {
  switch (act) {
    case ACT_LINEAR: if (bias) for (idx j = 0; j < n; ++j) row[j] += bias[j]; break;
    case ACT_RELU: bias_then(row, bias, n, [](float v) { return v > 0.f ? v : 0.f; }); break;
    case ACT_RELU6: bias_then(row, bias, n, [](float v) { return std::min(std::max(v, 0.f), 6.f); }); break;
    // the product is formed unconditionally: a conditional multiply keeps the loop scalar
    case ACT_LEAKY: bias_then(row, bias, n, [alpha](float v) { const float scaled = v * alpha; return v < 0.f ? scaled : v; }); break;
    default: bias_then(row, bias, n, [act, alpha](float v) { return activate(v, act, alpha); }); break;
  }
}

// Builds a function twice, for AVX2 and for any x86-64, and picks one at load time (the rest of the
// addon is SSE2). Needs ifunc, i.e. glibc. Code it calls inline is compiled for the clone's ISA;
// a lambda is a separate function, so a hot one passed down (for_each_tap) is marked always_inline.
#if defined(__x86_64__) && defined(__GNUC__) && defined(__GLIBC__)
#define FF_AVX2_CLONES __attribute__((target_clones("avx2", "default")))
#else
#define FF_AVX2_CLONES
#endif

// Rows of work per parallel task: enough multiply-adds that a task outweighs the pool's wake-up.
inline idx rows_per_task(idx row_work) { return std::max<idx>(1, ((idx)1 << 15) / std::max<idx>(row_work, 1)); }

// NHWC input [N,H,W,C], filter [KH,KW,C,CO], output [N,OH,OW,CO]; dilation 1.
struct ConvDims { idx N, H, W, C, KH, KW, CO, OH, OW, sh, sw, pt, pl; };

// Calls tap(kh, kw, ih, iw) for each filter tap of output pixel (oh, ow) that lands inside the input.
template <class Tap>
inline void for_each_tap(const ConvDims& d, idx oh, idx ow, Tap tap) {
  for (idx kh = 0; kh < d.KH; ++kh) {
    const idx ih = oh * d.sh - d.pt + kh;
    if (ih < 0 || ih >= d.H) continue;
    for (idx kw = 0; kw < d.KW; ++kw) {
      const idx iw = ow * d.sw - d.pl + kw;
      if (iw >= 0 && iw < d.W) tap(kh, kw, ih, iw);
    }
  }
}

// The transpose: calls tap(kh, kw, oh, ow) for each output pixel whose window covers input pixel
// (ih, iw), with the tap that reads it (gradients gathered per input pixel: no write conflicts).
template <class Tap>
inline void for_each_source(const ConvDims& d, idx ih, idx iw, Tap tap) {
  for (idx kh = 0; kh < d.KH; ++kh) {
    const idx th = ih + d.pt - kh;
    if (th < 0 || th % d.sh != 0 || th / d.sh >= d.OH) continue;
    for (idx kw = 0; kw < d.KW; ++kw) {
      const idx tw = iw + d.pl - kw;
      if (tw >= 0 && tw % d.sw == 0 && tw / d.sw < d.OW) tap(kh, kw, th / d.sh, tw / d.sw);
    }
  }
}

// A sum over output rows [0, rows) of F values (a filter gradient): each task accumulates its rows
// into a zeroed partial with body(partial, r0, r1), and out[f] = the sum of the partials' f.
template <class Body>
inline void sum_over_rows(idx rows, idx F, idx row_work, float* out, Body body) {
  const idx T = std::min<idx>(num_threads(), std::max<idx>(1, rows * row_work / ((idx)1 << 16)));
  std::vector<float> partial((size_t)(T * F), 0.f);
  parallel_for(T, 1, [&](idx t0, idx t1) {
    for (idx t = t0; t < t1; ++t) body(partial.data() + t * F, rows * t / T, rows * (t + 1) / T);
  });
  parallel_for(F, 1 << 14, [&](idx f0, idx f1) {
    for (idx f = f0; f < f1; ++f) {
      float s = 0.f;
      for (idx t = 0; t < T; ++t) s += partial[t * F + f];
      out[f] = s;
    }
  });
}

void conv2d_forward(const float* x, const float* w, float* y, const ConvDims& d, const float* bias, int act, float alpha);
// Each writes its whole output (recycled arrays need no clearing).
void conv2d_backprop_input(const float* dy, const float* w, float* dx, const ConvDims& d);
void conv2d_backprop_filter(const float* x, const float* dy, float* dw, const ConvDims& d);

// Direct loops for shapes SGEMM handles badly (C = CO = 1; or CO <= 4 with C >= 16): false if
// the shape is not one of them (conv_direct.cc). The conv2d_* functions try these first.
bool conv2d_direct_forward(const float* x, const float* w, float* y, const ConvDims& d, const float* bias, int act, float alpha);
bool conv2d_direct_backprop_input(const float* dy, const float* w, float* dx, const ConvDims& d);
bool conv2d_direct_backprop_filter(const float* x, const float* dy, float* dw, const ConvDims& d);

// Winograd F(4x4, 3x3) for 3x3 stride-1 convolutions, and 5x5 stride-2 ones as 3x3 over their input
// space-to-depth, with enough channels and tiles: false when the shape is not one it speeds up
// (winograd.cc). set_winograd(false) (or FACEFORGE_WINOGRAD=0) turns it off. The conv2d_* functions
// try these after the direct loops.
bool conv2d_winograd_forward(const float* x, const float* w, float* y, const ConvDims& d, const float* bias, int act, float alpha);
bool conv2d_winograd_backprop_input(const float* dy, const float* w, float* dx, const ConvDims& d);
bool conv2d_winograd_backprop_filter(const float* x, const float* dy, float* dw, const ConvDims& d);
void set_winograd(bool enabled);
// Whether these dims run Winograd (the forward pass and filter gradient, or the input gradient).
bool winograd_applies(const ConvDims& d, bool input_gradient);
bool winograd_enabled();

// Depthwise: filter [KH,KW,C,M] (channel multiplier M), output channels CO = C*M; dilation 1.
void depthwise_forward(const float* x, const float* w, float* y, const ConvDims& d, const float* bias, int act, float alpha);
void depthwise_backprop_input(const float* dy, const float* w, float* dx, const ConvDims& d);
void depthwise_backprop_filter(const float* x, const float* dy, float* dw, const ConvDims& d);

// Max pooling: dims as a convolution with KH x KW windows and CO = C; dx is fully written.
void maxpool_forward(const float* x, float* y, const ConvDims& d);
void maxpool_backprop(const float* dy, const float* x, float* dx, const ConvDims& d);

// y [N,OH,OW,C] = bilinear resize of x [N,H,W,C] (tfjs ResizeBilinear).
void warp_face_rgb8(const uint8_t* src, idx w, idx h, const double* m, int k, uint8_t* dst, idx width, idx height);
void resize_bilinear(const float* x, float* y, idx N, idx H, idx W, idx C, idx OH, idx OW, bool align_corners, bool half_pixel);

// C[b] = op(A[b]) x op(B[b]) (+ bias[N], activation); A batch stride sa, B batch stride sb (0 = broadcast).
void batch_matmul(const float* a, const float* b, float* c, idx batch, idx M, idx N, idx K, bool ta, bool tb,
                  idx sa, idx sb, const float* bias, int act, float alpha);

// op: an Act code (alpha: leaky slope), UNARY_CLIP (y = min(max(x, alpha), beta)), UNARY_NEG (-x)
// or UNARY_STEP (x > 0 ? 1 : alpha, NaN stays NaN: the Relu/LeakyRelu gradient mask).
constexpr int UNARY_CLIP = 16, UNARY_NEG = 17, UNARY_STEP = 18;
void unary(int op, const float* x, float* y, idx n, float alpha, float beta);
// mode 0: same shape; 1: b is a scalar; 2: a is a scalar; 3: b repeats along the last dim (length inner);
// 4: a repeats along the last dim.
// op 0 add, 1 sub, 2 mul, 3 div, 4 prelu (a < 0 ? a*b : a), 5 leaky relu gradient (a = dy, b = x:
// b > 0 ? a : a*alpha).
void binary(int op, const float* a, const float* b, float* y, idx n, int mode, idx inner, float alpha);
// y (shape, rank <= 8) = op(a, b) (ops 0-4) with any broadcast: sa/sb are a's and b's strides per output axis
// (0 where that operand is broadcast along it).
void binary_broadcast(int op, const float* a, const float* b, float* y, int rank, const idx* shape, const idx* sa, const idx* sb);
// x viewed as [pre, red, post]; y[pre, post] = reduce over red (op 0 sum, 1 max), times scale for sums.
void reduce(int op, const float* x, float* y, idx pre, idx red, idx post, double scale);

// y = x transposed by perm (rank <= 8); the innermost axis, when kept in place, is copied as runs.
void transpose(const float* x, float* y, int rank, const idx* shape, const int* perm);
// MirrorPad of x (rank <= 8) by before/after per axis into y; 'symmetric' repeats the edge element, else
// 'reflect'. The gradient sums dy (the padded shape) back into dx (x's shape). mirror_pad.cc.
void mirror_pad(const float* x, int rank, const idx* shape, const idx* before, const idx* after, bool symmetric, float* y);
void mirror_pad_grad(const float* dy, int rank, const idx* shape, const idx* before, const idx* after, bool symmetric, float* dx);
// Copies the box `region` starting at xbegin in x (shape xshape) to ybegin in y (shape yshape); rank <= 8.
// Slice is a copy to y's origin; Pad fills y, then copies x to the padding's offset.
void copy_region(const float* x, const idx* xshape, const idx* xbegin, float* y, const idx* yshape, const idx* ybegin,
                 const idx* region, int rank);
void fill(float* y, idx n, float value);
// y[i] = a[i] > b[i] as 0/1 bytes; modes as in binary().
void greater(const float* a, const float* b, uint8_t* y, idx n, int mode, idx inner);
// y[i] = cond[i] ? a[i] : b[i] (all the same shape).
void select(const uint8_t* cond, const float* a, const float* b, float* y, idx n);

void adam_update(const float* p, const float* g, const float* m, const float* v, float* po, float* mo, float* vo,
                 idx n, double lr, double b1, double b2, double eps, double step, bool adabelief);
void rmsprop_update(const float* p, const float* g, const float* ms, float* po, float* mso, idx n, double lr,
                    double rho, double eps);
}  // namespace ff
