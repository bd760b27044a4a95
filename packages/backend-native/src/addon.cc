// N-API bindings. All kernels are synchronous and work directly on the tensors' Float32Arrays
// (no copies): outputs are preallocated by the JS side.
#include <malloc.h>
#include <node_api.h>
#include <sys/mman.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>

#include <cstring>
#include <string>

#include "kernels.h"

using ff::idx;

namespace {
struct Args {
  napi_env env;
  napi_value argv[16];
  size_t argc = 16;
  bool failed = false;
  Args(napi_env e, napi_callback_info info) : env(e) { napi_get_cb_info(e, info, &argc, argv, nullptr, nullptr); }
  void fail(const std::string& msg) {
    if (!failed) napi_throw_type_error(env, nullptr, msg.c_str());
    failed = true;
  }
  napi_value at(size_t i) {
    if (i >= argc) { fail("missing argument " + std::to_string(i)); return nullptr; }
    return argv[i];
  }
  bool is_null(size_t i) {
    if (i >= argc) return true;
    napi_valuetype t;
    napi_typeof(env, argv[i], &t);
    return t == napi_null || t == napi_undefined;
  }
  // A Float32Array with at least `need` elements (need < 0: any length).
  float* f32(size_t i, idx need, const char* what) {
    napi_value v = at(i);
    if (failed) return nullptr;
    bool is_ta = false;
    napi_is_typedarray(env, v, &is_ta);
    if (!is_ta) { fail(std::string(what) + ": expected a Float32Array"); return nullptr; }
    napi_typedarray_type type;
    size_t len;
    void* data;
    napi_value ab;
    size_t off;
    napi_get_typedarray_info(env, v, &type, &len, &data, &ab, &off);
    if (type != napi_float32_array) { fail(std::string(what) + ": expected a Float32Array"); return nullptr; }
    if (need >= 0 && (idx)len < need) {
      fail(std::string(what) + ": has " + std::to_string(len) + " elements, needs " + std::to_string(need));
      return nullptr;
    }
    return static_cast<float*>(data);
  }
  double num(size_t i) {
    napi_value v = at(i);
    if (failed) return 0;
    double d = 0;
    if (napi_get_value_double(env, v, &d) != napi_ok) fail("argument " + std::to_string(i) + ": expected a number");
    return d;
  }
  idx integer(size_t i) {
    const double d = num(i);
    if (!failed && (d < 0 || d != (double)(idx)d)) fail("argument " + std::to_string(i) + ": expected a non-negative integer");
    return (idx)d;
  }
  bool boolean(size_t i) {
    napi_value v = at(i);
    if (failed) return false;
    bool b = false;
    if (napi_get_value_bool(env, v, &b) != napi_ok) fail("argument " + std::to_string(i) + ": expected a boolean");
    return b;
  }
};

napi_value undefined(napi_env env) {
  napi_value u;
  napi_get_undefined(env, &u);
  return u;
}

// dims: 13 numbers N,H,W,C,KH,KW,CO,OH,OW,sh,sw,pt,pl
bool read_dims(Args& a, size_t i, ff::ConvDims& d) {
  napi_value arr = a.at(i);
  if (a.failed) return false;
  uint32_t len = 0;
  bool is_arr = false;
  napi_is_array(a.env, arr, &is_arr);
  if (!is_arr || napi_get_array_length(a.env, arr, &len) != napi_ok || len != 13) { a.fail("conv dims: expected 13 numbers"); return false; }
  idx v[13];
  for (uint32_t k = 0; k < 13; ++k) {
    napi_value e;
    napi_get_element(a.env, arr, k, &e);
    double x;
    if (napi_get_value_double(a.env, e, &x) != napi_ok || x != (double)(idx)x) { a.fail("conv dims: expected integers"); return false; }
    v[k] = (idx)x;
  }
  d = {v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7], v[8], v[9], v[10], v[11], v[12]};
  for (int k = 0; k < 11; ++k)
    if (v[k] <= 0) { a.fail("conv dims: sizes and strides must be positive"); return false; }
  return true;
}

napi_value Info(napi_env env, napi_callback_info info) {
  napi_value o, s, t;
  napi_create_object(env, &o);
  napi_create_string_utf8(env, ff::active_kernel().name, NAPI_AUTO_LENGTH, &s);
  napi_set_named_property(env, o, "kernel", s);
  napi_create_int32(env, ff::num_threads(), &t);
  napi_set_named_property(env, o, "threads", t);
  napi_value w;
  napi_get_boolean(env, ff::winograd_enabled(), &w);
  napi_set_named_property(env, o, "winograd", w);
  return o;
}
// measurePeak(seconds): measured fp32 GFLOP/s of the active kernel's ISA on all threads (0: no probe).
napi_value MeasurePeak(napi_env env, napi_callback_info info) {
  Args a(env, info);
  const double seconds = a.num(0);
  if (a.failed) return nullptr;
  napi_value r;
  napi_create_double(env, ff::measure_fma_peak(std::min(std::max(seconds, 0.05), 10.0)), &r);
  return r;
}
napi_value SetWinograd(napi_env env, napi_callback_info info) {
  Args a(env, info);
  bool on = false;
  if (napi_get_value_bool(env, a.at(0), &on) != napi_ok) { a.fail("setWinograd: expected a boolean"); return nullptr; }
  ff::set_winograd(on);
  return undefined(env);
}
napi_value SetThreads(napi_env env, napi_callback_info info) {
  Args a(env, info);
  const idx n = a.integer(0);
  if (!a.failed) ff::set_num_threads((int)n);
  return undefined(env);
}
napi_value SelectKernel(napi_env env, napi_callback_info info) {
  Args a(env, info);
  char buf[32] = {0};
  size_t len = 0;
  if (napi_get_value_string_utf8(env, a.at(0), buf, sizeof buf, &len) != napi_ok) { a.fail("selectKernel: expected a string"); return nullptr; }
  napi_value r;
  napi_get_boolean(env, ff::select_kernel(buf), &r);
  return r;
}

// usesWinograd(dims, inputGradient): whether a convolution with these dims runs Winograd
napi_value UsesWinograd(napi_env env, napi_callback_info info) {
  Args a(env, info);
  ff::ConvDims d;
  if (!read_dims(a, 0, d)) return nullptr;
  const bool input_gradient = a.boolean(1);
  if (a.failed) return nullptr;
  napi_value r;
  napi_get_boolean(env, ff::winograd_applies(d, input_gradient), &r);
  return r;
}

// matmul(a, b, c, batch, M, N, K, transA, transB, strideA, strideB, bias|null, act, alpha)
napi_value MatMul(napi_env env, napi_callback_info info) {
  Args a(env, info);
  const idx batch = a.integer(3), M = a.integer(4), N = a.integer(5), K = a.integer(6);
  const bool ta = a.boolean(7), tb = a.boolean(8);
  const idx sa = a.integer(9), sb = a.integer(10);
  const int act = (int)a.num(12);
  const float alpha = (float)a.num(13);
  if (a.failed) return nullptr;
  const float* A = a.f32(0, sa * (batch - 1) + M * K, "a");
  const float* B = a.f32(1, sb * (batch - 1) + K * N, "b");
  float* C = a.f32(2, batch * M * N, "c");
  const float* bias = a.is_null(11) ? nullptr : a.f32(11, N, "bias");
  if (a.failed) return nullptr;
  ff::batch_matmul(A, B, C, batch, M, N, K, ta, tb, sa, sb, bias, act, alpha);
  return undefined(env);
}

// The filter's length, or -1 (and a thrown error) when a depthwise shape is inconsistent.
// Depthwise filters are [KH,KW,C,M] with CO = C*M.
idx filter_size(Args& a, const ff::ConvDims& d, bool depthwise) {
  if (!depthwise) return d.KH * d.KW * d.C * d.CO;
  if (d.CO % d.C != 0) { a.fail("depthwise conv: output channels must be a multiple of input channels"); return -1; }
  return d.KH * d.KW * d.CO;
}

// conv2d(x, w, y, dims, bias|null, act, alpha, depthwise)
napi_value Conv2D(napi_env env, napi_callback_info info) {
  Args a(env, info);
  ff::ConvDims d;
  if (!read_dims(a, 3, d)) return nullptr;
  const int act = (int)a.num(5);
  const float alpha = (float)a.num(6);
  const bool depthwise = a.boolean(7);
  const idx wn = filter_size(a, d, depthwise);
  const float* x = a.f32(0, d.N * d.H * d.W * d.C, "x");
  const float* w = a.f32(1, wn, "filter");
  float* y = a.f32(2, d.N * d.OH * d.OW * d.CO, "y");
  const float* bias = a.is_null(4) ? nullptr : a.f32(4, d.CO, "bias");
  if (a.failed) return nullptr;
  (depthwise ? ff::depthwise_forward : ff::conv2d_forward)(x, w, y, d, bias, act, alpha);
  return undefined(env);
}
// conv2dBackpropInput(dy, w, dx, dims, depthwise)
napi_value Conv2DBackpropInput(napi_env env, napi_callback_info info) {
  Args a(env, info);
  ff::ConvDims d;
  if (!read_dims(a, 3, d)) return nullptr;
  const bool depthwise = a.boolean(4);
  const idx wn = filter_size(a, d, depthwise);
  const float* dy = a.f32(0, d.N * d.OH * d.OW * d.CO, "dy");
  const float* w = a.f32(1, wn, "filter");
  float* dx = a.f32(2, d.N * d.H * d.W * d.C, "dx");
  if (a.failed) return nullptr;
  (depthwise ? ff::depthwise_backprop_input : ff::conv2d_backprop_input)(dy, w, dx, d);
  return undefined(env);
}
// conv2dBackpropFilter(x, dy, dw, dims, depthwise)
napi_value Conv2DBackpropFilter(napi_env env, napi_callback_info info) {
  Args a(env, info);
  ff::ConvDims d;
  if (!read_dims(a, 3, d)) return nullptr;
  const bool depthwise = a.boolean(4);
  const idx wn = filter_size(a, d, depthwise);
  const float* x = a.f32(0, d.N * d.H * d.W * d.C, "x");
  const float* dy = a.f32(1, d.N * d.OH * d.OW * d.CO, "dy");
  float* dw = a.f32(2, wn, "dw");
  if (a.failed) return nullptr;
  (depthwise ? ff::depthwise_backprop_filter : ff::conv2d_backprop_filter)(x, dy, dw, d);
  return undefined(env);
}
// maxPool(x, y, dims) and maxPoolGrad(dy, x, dx, dims); dims as for conv2d with CO = C.
napi_value MaxPool(napi_env env, napi_callback_info info) {
  Args a(env, info);
  ff::ConvDims d;
  if (!read_dims(a, 2, d)) return nullptr;
  if (d.CO != d.C) { a.fail("maxPool: output channels must equal input channels"); return nullptr; }
  const float* x = a.f32(0, d.N * d.H * d.W * d.C, "x");
  float* y = a.f32(1, d.N * d.OH * d.OW * d.C, "y");
  if (a.failed) return nullptr;
  ff::maxpool_forward(x, y, d);
  return undefined(env);
}
napi_value MaxPoolGrad(napi_env env, napi_callback_info info) {
  Args a(env, info);
  ff::ConvDims d;
  if (!read_dims(a, 3, d)) return nullptr;
  if (d.CO != d.C) { a.fail("maxPoolGrad: output channels must equal input channels"); return nullptr; }
  const float* dy = a.f32(0, d.N * d.OH * d.OW * d.C, "dy");
  const float* x = a.f32(1, d.N * d.H * d.W * d.C, "x");
  float* dx = a.f32(2, d.N * d.H * d.W * d.C, "dx");
  if (a.failed) return nullptr;
  ff::maxpool_backprop(dy, x, dx, d);
  return undefined(env);
}
// resizeBilinear(x, y, N, H, W, C, OH, OW, alignCorners, halfPixelCenters)
napi_value ResizeBilinear(napi_env env, napi_callback_info info) {
  Args a(env, info);
  const idx N = a.integer(2), H = a.integer(3), W = a.integer(4), C = a.integer(5), OH = a.integer(6), OW = a.integer(7);
  const bool align = a.boolean(8), half = a.boolean(9);
  if (a.failed) return nullptr;
  if (H == 0 || W == 0) { a.fail("resizeBilinear: empty image"); return nullptr; }
  const float* x = a.f32(0, N * H * W * C, "x");
  float* y = a.f32(1, N * OH * OW * C, "y");
  if (a.failed) return nullptr;
  ff::resize_bilinear(x, y, N, H, W, C, OH, OW, align, half);
  return undefined(env);
}
uint8_t* u8(Args& a, size_t i, idx need, const char* what);
// warpFaceRgb8(src(u8), w, h, inverse[6], k, dst(u8), width, height)
napi_value WarpFaceRgb8(napi_env env, napi_callback_info info) {
  Args a(env, info);
  const idx w = a.integer(1), h = a.integer(2), k = a.integer(4), width = a.integer(6), height = a.integer(7);
  if (a.failed) return nullptr;
  if (w <= 0 || h <= 0 || width <= 0 || height <= 0 || k < 1 || k > 8) { a.fail("warpFaceRgb8: bad sizes"); return nullptr; }
  double m[6];
  for (int i = 0; i < 6; ++i) {
    napi_value v;
    napi_get_element(env, a.at(3), (uint32_t)i, &v);
    if (napi_get_value_double(env, v, &m[i]) != napi_ok) { a.fail("warpFaceRgb8: the matrix must hold 6 numbers"); return nullptr; }
  }
  const uint8_t* src = u8(a, 0, w * h * 3, "source");
  uint8_t* dst = u8(a, 5, width * height * 3, "destination");
  if (a.failed) return nullptr;
  ff::warp_face_rgb8(src, w, h, m, (int)k, dst, width, height);
  return undefined(env);
}
// unary(op, x, y, alpha, beta)
napi_value Unary(napi_env env, napi_callback_info info) {
  Args a(env, info);
  const int op = (int)a.num(0);
  const float alpha = (float)a.num(3), beta = (float)a.num(4);
  float* x = a.f32(1, -1, "x");
  if (a.failed) return nullptr;
  size_t n;
  napi_get_typedarray_info(env, a.argv[1], nullptr, &n, nullptr, nullptr, nullptr);
  float* y = a.f32(2, (idx)n, "y");
  if (a.failed) return nullptr;
  ff::unary(op, x, y, (idx)n, alpha, beta);
  return undefined(env);
}
// binary(op, a, b, y, n, mode, inner, alpha?)
napi_value Binary(napi_env env, napi_callback_info info) {
  Args a(env, info);
  const int op = (int)a.num(0);
  const idx n = a.integer(4), inner = a.integer(6);
  const int mode = (int)a.num(5);
  if (a.failed) return nullptr;
  const float alpha = a.is_null(7) ? 0.f : (float)a.num(7);
  if (mode < 0 || mode > 4 || op < 0 || op > 5 || ((mode == 3 || mode == 4) && inner == 0)) { a.fail("binary: bad op/mode"); return nullptr; }
  const idx na = (mode == 2) ? 1 : (mode == 4) ? inner : n;
  const idx nb = (mode == 1) ? 1 : (mode == 3) ? inner : n;
  const float* A = a.f32(1, na, "a");
  const float* B = a.f32(2, nb, "b");
  float* Y = a.f32(3, n, "y");
  if (a.failed) return nullptr;
  ff::binary(op, A, B, Y, n, mode, inner, alpha);
  return undefined(env);
}
// reduce(op, x, y, pre, red, post, scale)
napi_value Reduce(napi_env env, napi_callback_info info) {
  Args a(env, info);
  const int op = (int)a.num(0);
  const idx pre = a.integer(3), red = a.integer(4), post = a.integer(5);
  const double scale = a.num(6);
  if (a.failed) return nullptr;
  if (red == 0) { a.fail("reduce: empty reduction"); return nullptr; }
  const float* x = a.f32(1, pre * red * post, "x");
  float* y = a.f32(2, pre * post, "y");
  if (a.failed) return nullptr;
  ff::reduce(op, x, y, pre, red, post, scale);
  return undefined(env);
}
// adam(p, g, m, v, po, mo, vo, lr, beta1, beta2, eps, step, adabelief)
napi_value Adam(napi_env env, napi_callback_info info) {
  Args a(env, info);
  float* p = a.f32(0, -1, "param");
  if (a.failed) return nullptr;
  size_t n;
  napi_get_typedarray_info(env, a.argv[0], nullptr, &n, nullptr, nullptr, nullptr);
  const float* g = a.f32(1, n, "grad");
  const float* m = a.f32(2, n, "m");
  const float* v = a.f32(3, n, "v");
  float* po = a.f32(4, n, "param out");
  float* mo = a.f32(5, n, "m out");
  float* vo = a.f32(6, n, "v out");
  const double lr = a.num(7), b1 = a.num(8), b2 = a.num(9), eps = a.num(10), step = a.num(11);
  const bool belief = a.boolean(12);
  if (a.failed) return nullptr;
  ff::adam_update(p, g, m, v, po, mo, vo, (idx)n, lr, b1, b2, eps, step, belief);
  return undefined(env);
}
// rmsprop(p, g, ms, po, mso, lr, rho, eps)
napi_value RMSprop(napi_env env, napi_callback_info info) {
  Args a(env, info);
  float* p = a.f32(0, -1, "param");
  if (a.failed) return nullptr;
  size_t n;
  napi_get_typedarray_info(env, a.argv[0], nullptr, &n, nullptr, nullptr, nullptr);
  const float* g = a.f32(1, n, "grad");
  const float* ms = a.f32(2, n, "ms");
  float* po = a.f32(3, n, "param out");
  float* mso = a.f32(4, n, "ms out");
  const double lr = a.num(5), rho = a.num(6), eps = a.num(7);
  if (a.failed) return nullptr;
  ff::rmsprop_update(p, g, ms, po, mso, (idx)n, lr, rho, eps);
  return undefined(env);
}

// transpose(x, y, shape[], perm[])
bool read_ints(Args& a, size_t i, idx* out, uint32_t max, uint32_t* count) {
  napi_value arr = a.at(i);
  if (a.failed) return false;
  bool is_arr = false;
  napi_is_array(a.env, arr, &is_arr);
  if (!is_arr || napi_get_array_length(a.env, arr, count) != napi_ok || *count == 0 || *count > max) { a.fail("expected an array of 1..8 integers"); return false; }
  for (uint32_t k = 0; k < *count; ++k) {
    napi_value e;
    napi_get_element(a.env, arr, k, &e);
    double x;
    if (napi_get_value_double(a.env, e, &x) != napi_ok || x < 0 || x != (double)(idx)x) { a.fail("expected non-negative integers"); return false; }
    out[k] = (idx)x;
  }
  return true;
}
// binaryBroadcast(op, a, b, y, shape[], aStrides[], bStrides[])
napi_value BinaryBroadcast(napi_env env, napi_callback_info info) {
  Args a(env, info);
  const int op = (int)a.num(0);
  idx shape[8], sa[8], sb[8];
  uint32_t rank = 0, ra = 0, rb = 0;
  if (a.failed || !read_ints(a, 4, shape, 8, &rank) || !read_ints(a, 5, sa, 8, &ra) || !read_ints(a, 6, sb, 8, &rb)) return nullptr;
  if (op < 0 || op > 4 || ra != rank || rb != rank) { a.fail("binaryBroadcast: bad op or stride ranks"); return nullptr; }
  idx n = 1, na = 1, nb = 1;  // elements, and the extent each operand is read over
  for (uint32_t k = 0; k < rank; ++k) {
    n *= shape[k];
    if (shape[k] > 0) { na += (shape[k] - 1) * sa[k]; nb += (shape[k] - 1) * sb[k]; }
  }
  const float* A = a.f32(1, n == 0 ? 0 : na, "a");
  const float* B = a.f32(2, n == 0 ? 0 : nb, "b");
  float* Y = a.f32(3, n, "y");
  if (a.failed) return nullptr;
  ff::binary_broadcast(op, A, B, Y, (int)rank, shape, sa, sb);
  return undefined(env);
}
napi_value Transpose(napi_env env, napi_callback_info info) {
  Args a(env, info);
  idx shape[8], perm64[8];
  uint32_t rank = 0, prank = 0;
  if (!read_ints(a, 2, shape, 8, &rank) || !read_ints(a, 3, perm64, 8, &prank)) return nullptr;
  if (prank != rank) { a.fail("transpose: perm and shape differ in rank"); return nullptr; }
  int perm[8];
  bool seen[8] = {false};
  idx n = 1;
  for (uint32_t k = 0; k < rank; ++k) {
    if (perm64[k] >= rank || seen[perm64[k]]) { a.fail("transpose: perm is not a permutation"); return nullptr; }
    seen[perm64[k]] = true;
    perm[k] = (int)perm64[k];
    n *= shape[k];
  }
  const float* x = a.f32(0, n, "x");
  float* y = a.f32(1, n, "y");
  if (a.failed) return nullptr;
  ff::transpose(x, y, (int)rank, shape, perm);
  return undefined(env);
}
// copyRegion(x, xShape[], xBegin[], y, yShape[], yBegin[], region[], fill|null): see ff::copy_region;
// a number `fill` first sets all of y to it (padding).
napi_value CopyRegion(napi_env env, napi_callback_info info) {
  Args a(env, info);
  idx xshape[8], xbegin[8], yshape[8], ybegin[8], region[8];
  uint32_t ranks[5] = {0};
  if (!read_ints(a, 1, xshape, 8, &ranks[0]) || !read_ints(a, 2, xbegin, 8, &ranks[1]) || !read_ints(a, 4, yshape, 8, &ranks[2]) ||
      !read_ints(a, 5, ybegin, 8, &ranks[3]) || !read_ints(a, 6, region, 8, &ranks[4])) return nullptr;
  const uint32_t rank = ranks[0];
  idx xn = 1, yn = 1;
  for (uint32_t k = 0; k < rank; ++k) {
    if (ranks[1] != rank || ranks[2] != rank || ranks[3] != rank || ranks[4] != rank) { a.fail("copyRegion: shapes differ in rank"); return nullptr; }
    if (xbegin[k] + region[k] > xshape[k] || ybegin[k] + region[k] > yshape[k]) { a.fail("copyRegion: region out of bounds"); return nullptr; }
    xn *= xshape[k];
    yn *= yshape[k];
  }
  const float* x = a.f32(0, xn, "x");
  float* y = a.f32(3, yn, "y");
  const bool pad = !a.is_null(7);
  const float value = pad ? (float)a.num(7) : 0.f;
  if (a.failed) return nullptr;
  if (pad) ff::fill(y, yn, value);
  ff::copy_region(x, xshape, xbegin, y, yshape, ybegin, region, (int)rank);
  return undefined(env);
}
// mirrorPad(x, shape[], before[], after[], symmetric, y) and mirrorPadGrad(dy, shape[], before[], after[], symmetric, dx):
// shape is x's (dx's); y and dy have the padded shape.
napi_value MirrorPadCommon(napi_env env, napi_callback_info info, bool gradient) {
  Args a(env, info);
  idx shape[8], before[8], after[8];
  uint32_t rank = 0, rb = 0, ra = 0;
  if (!read_ints(a, 1, shape, 8, &rank) || !read_ints(a, 2, before, 8, &rb) || !read_ints(a, 3, after, 8, &ra)) return nullptr;
  if (rb != rank || ra != rank) { a.fail("mirrorPad: shape and paddings differ in rank"); return nullptr; }
  const bool symmetric = a.boolean(4);
  idx n = 1, padded = 1;
  for (uint32_t k = 0; k < rank; ++k) {
    if (before[k] > shape[k] || after[k] > shape[k]) { a.fail("mirrorPad: a padding is larger than its axis"); return nullptr; }
    n *= shape[k];
    padded *= before[k] + shape[k] + after[k];
  }
  const float* src = a.f32(0, gradient ? padded : n, gradient ? "dy" : "x");
  float* dst = a.f32(5, gradient ? n : padded, gradient ? "dx" : "y");
  if (a.failed) return nullptr;
  if (gradient) ff::mirror_pad_grad(src, (int)rank, shape, before, after, symmetric, dst);
  else ff::mirror_pad(src, (int)rank, shape, before, after, symmetric, dst);
  return undefined(env);
}
napi_value MirrorPad(napi_env env, napi_callback_info info) { return MirrorPadCommon(env, info, false); }
napi_value MirrorPadGrad(napi_env env, napi_callback_info info) { return MirrorPadCommon(env, info, true); }
uint8_t* u8(Args& a, size_t i, idx need, const char* what) {
  napi_value v = a.at(i);
  if (a.failed) return nullptr;
  bool is_ta = false;
  napi_is_typedarray(a.env, v, &is_ta);
  napi_typedarray_type type;
  size_t len = 0;
  void* data = nullptr;
  if (is_ta) napi_get_typedarray_info(a.env, v, &type, &len, &data, nullptr, nullptr);
  if (!is_ta || type != napi_uint8_array || (idx)len < need) { a.fail(std::string(what) + ": expected a Uint8Array of " + std::to_string(need)); return nullptr; }
  return static_cast<uint8_t*>(data);
}
// greater(a, b, y(u8), n, mode, inner)
napi_value Greater(napi_env env, napi_callback_info info) {
  Args a(env, info);
  const idx n = a.integer(3), inner = a.integer(5);
  const int mode = (int)a.num(4);
  if (a.failed) return nullptr;
  if (mode < 0 || mode > 4 || ((mode == 3 || mode == 4) && inner == 0)) { a.fail("greater: bad mode"); return nullptr; }
  const float* A = a.f32(0, mode == 2 ? 1 : mode == 4 ? inner : n, "a");
  const float* B = a.f32(1, mode == 1 ? 1 : mode == 3 ? inner : n, "b");
  uint8_t* Y = u8(a, 2, n, "y");
  if (a.failed) return nullptr;
  ff::greater(A, B, Y, n, mode, inner);
  return undefined(env);
}
// select(cond(u8), a, b, y)
napi_value Select(napi_env env, napi_callback_info info) {
  Args a(env, info);
  float* y = a.f32(3, -1, "y");
  if (a.failed) return nullptr;
  size_t n;
  napi_get_typedarray_info(env, a.argv[3], nullptr, &n, nullptr, nullptr, nullptr);
  const uint8_t* c = u8(a, 0, n, "condition");
  const float* A = a.f32(1, n, "a");
  const float* B = a.f32(2, n, "b");
  if (a.failed) return nullptr;
  ff::select(c, A, B, y, (idx)n);
  return undefined(env);
}

// discard(x): gives the whole pages inside x's memory back to the OS now (they read as zeros after).
// For arrays nothing will read again whose garbage collection may be far off.
napi_value Discard(napi_env env, napi_callback_info info) {
  Args a(env, info);
  float* x = a.f32(0, -1, "x");
  if (a.failed) return nullptr;
  size_t n = 0;
  napi_get_typedarray_info(env, a.argv[0], nullptr, &n, nullptr, nullptr, nullptr);
  const uintptr_t page = (uintptr_t)sysconf(_SC_PAGESIZE);
  const uintptr_t begin = ((uintptr_t)x + page - 1) / page * page, end = ((uintptr_t)(x + n)) / page * page;
  if (end > begin) madvise((void*)begin, end - begin, MADV_DONTNEED);
  return undefined(env);
}

napi_value Init(napi_env env, napi_value exports) {
  // Training allocates and frees hundreds of MB of tensor buffers per step. glibc returns large
  // blocks to the OS (munmap) and the next allocation page-faults them back in; keeping them in the
  // heap makes reuse cheap. FACEFORGE_MALLOC_TUNE=0 leaves malloc alone.
  const char* tune = std::getenv("FACEFORGE_MALLOC_TUNE");
  if (!tune || std::strcmp(tune, "0") != 0) {
    mallopt(M_MMAP_THRESHOLD, 32 << 20);  // glibc's maximum on 64-bit; larger blocks stay mmapped
    mallopt(M_TRIM_THRESHOLD, 1 << 30);
  }
  napi_property_descriptor props[] = {
      {"info", nullptr, Info, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"measurePeak", nullptr, MeasurePeak, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"setThreads", nullptr, SetThreads, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"setWinograd", nullptr, SetWinograd, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"usesWinograd", nullptr, UsesWinograd, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"selectKernel", nullptr, SelectKernel, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"matmul", nullptr, MatMul, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"conv2d", nullptr, Conv2D, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"conv2dBackpropInput", nullptr, Conv2DBackpropInput, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"conv2dBackpropFilter", nullptr, Conv2DBackpropFilter, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"maxPool", nullptr, MaxPool, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"maxPoolGrad", nullptr, MaxPoolGrad, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"resizeBilinear", nullptr, ResizeBilinear, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"warpFaceRgb8", nullptr, WarpFaceRgb8, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"unary", nullptr, Unary, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"binary", nullptr, Binary, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"binaryBroadcast", nullptr, BinaryBroadcast, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"reduce", nullptr, Reduce, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"adam", nullptr, Adam, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"transpose", nullptr, Transpose, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"greater", nullptr, Greater, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"copyRegion", nullptr, CopyRegion, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"mirrorPad", nullptr, MirrorPad, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"mirrorPadGrad", nullptr, MirrorPadGrad, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"discard", nullptr, Discard, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"select", nullptr, Select, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"rmsprop", nullptr, RMSprop, nullptr, nullptr, nullptr, napi_default, nullptr},
  };
  napi_define_properties(env, exports, sizeof props / sizeof props[0], props);
  return exports;
}
}  // namespace

NAPI_MODULE(NODE_GYP_MODULE_NAME, Init)
