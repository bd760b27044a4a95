// faceforge native backend: convolution, matmul, elementwise, reduction and optimizer kernels.
#pragma once
#include "gemm.h"

namespace ff {
enum Act { ACT_LINEAR = 0, ACT_RELU = 1, ACT_RELU6 = 2, ACT_LEAKY = 3, ACT_SIGMOID = 4, ACT_TANH = 5 };

// NHWC input [N,H,W,C], filter [KH,KW,C,CO], output [N,OH,OW,CO]; dilation 1.
struct ConvDims { idx N, H, W, C, KH, KW, CO, OH, OW, sh, sw, pt, pl; };

void conv2d_forward(const float* x, const float* w, float* y, const ConvDims& d, const float* bias, int act, float alpha);
// dx must be zero-initialised (it is accumulated into).
void conv2d_backprop_input(const float* dy, const float* w, float* dx, const ConvDims& d);
void conv2d_backprop_filter(const float* x, const float* dy, float* dw, const ConvDims& d);

// C[b] = op(A[b]) x op(B[b]) (+ bias[N], activation); A batch stride sa, B batch stride sb (0 = broadcast).
void batch_matmul(const float* a, const float* b, float* c, idx batch, idx M, idx N, idx K, bool ta, bool tb,
                  idx sa, idx sb, const float* bias, int act, float alpha);

void unary(int op, const float* x, float* y, idx n, float alpha);
// mode 0: same shape; 1: b is a scalar; 2: a is a scalar; 3: b repeats along the last dim (length inner);
// 4: a repeats along the last dim.
void binary(int op, const float* a, const float* b, float* y, idx n, int mode, idx inner);
// x viewed as [pre, red, post]; y[pre, post] = reduce over red (op 0 sum, 1 max), times scale for sums.
void reduce(int op, const float* x, float* y, idx pre, idx red, idx post, double scale);

// y = x transposed by perm (rank <= 8); the innermost axis, when kept in place, is copied as runs.
void transpose(const float* x, float* y, int rank, const idx* shape, const int* perm);
// y[i] = a[i] > b[i] as 0/1 bytes; modes as in binary().
void greater(const float* a, const float* b, uint8_t* y, idx n, int mode, idx inner);
// y[i] = cond[i] ? a[i] : b[i] (all the same shape).
void select(const uint8_t* cond, const float* a, const float* b, float* y, idx n);

void adam_update(const float* p, const float* g, const float* m, const float* v, float* po, float* mo, float* vo,
                 idx n, double lr, double b1, double b2, double eps, double step, bool adabelief);
void rmsprop_update(const float* p, const float* g, const float* ms, float* po, float* mso, idx n, double lr,
                    double rho, double eps);
}  // namespace ff
