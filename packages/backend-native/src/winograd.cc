// Winograd convolution for 3x3 stride-1 convolutions, and for stride-2 ones whose taps fit a 6x6
// grid (5x5, the Original encoder's) through space-to-depth: forward, input gradient, filter gradient.
//
// F(m x m, 3 x 3) (Lavin & Gray, "Fast Algorithms for Convolutional Neural Networks", 2016) computes
// an m x m output tile from an a x a input tile (a = m + 2) with a*a multiplies per channel pair
// instead of 9*m*m: 4x fewer for F(4x4, 3x3), the variant used here. The multiplies become a*a
// independent GEMMs, one per position in the transformed tile, on the SGEMM driver; the transforms
// around them are a few adds per value, done on vectors of channels (NHWC keeps channels innermost).
//
// Tile positions are called "entries" below; a tensor of transformed tiles is laid out
// [entry][tile][channel], so each entry's slice is a plain row-major GEMM operand.
#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <vector>

#include "kernels.h"

namespace ff {
namespace {
// out (p x p entries) = L in L^T for a p x q matrix L and in (q x q entries), each entry a run of cn
// floats that the caller points to where it lies (no gathering into or scattering out of a buffer);
// tmp: p*q*cn floats.
typedef void (*TransformFn)(const float* const* in, float* tmp, float* const* out, idx cn);
struct Transform { TransformFn fn; int p, q; };

struct Variant {
  int m, a;
  Transform BT;  // a x a: input tile d -> BT d BT^T
  Transform G;   // a x 3: filter g -> G g G^T
  Transform AT;  // m x a: product tile -> AT M AT^T (the output tile)
  Transform A;   // a x m: output-gradient tile -> A dY A^T (filter gradient)
  Transform GT;  // 3 x a: filter-gradient tile -> GT dU GT^T
};

// Lavin & Gray's F(4x4, 3x3) matrices (interpolation points 0, +-1, +-2), A and GT being AT and G
// transposed. F(2x2, 3x3) was measured too: slower than SGEMM on every Original layer, since it saves
// 2.25x of the multiplies, not 4x.
struct MatBT { static constexpr int P = 6, Q = 6; static constexpr float L[P * Q] = {
  4, 0, -5, 0, 1, 0, 0, -4, -4, 1, 1, 0, 0, 4, -4, -1, 1, 0, 0, -2, -1, 2, 1, 0, 0, 2, -1, -2, 1, 0, 0, 4, 0, -5, 0, 1}; };
struct MatG { static constexpr int P = 6, Q = 3; static constexpr float L[P * Q] = {
  1 / 4.f, 0, 0, -1 / 6.f, -1 / 6.f, -1 / 6.f, -1 / 6.f, 1 / 6.f, -1 / 6.f, 1 / 24.f, 1 / 12.f, 1 / 6.f,
  1 / 24.f, -1 / 12.f, 1 / 6.f, 0, 0, 1}; };
struct MatAT { static constexpr int P = 4, Q = 6; static constexpr float L[P * Q] = {
  1, 1, 1, 1, 1, 0, 0, 1, -1, 2, -2, 0, 0, 1, 1, 4, 4, 0, 0, 1, -1, 8, -8, 1}; };
struct MatA { static constexpr int P = 6, Q = 4; static constexpr float L[P * Q] = {
  1, 0, 0, 0, 1, 1, 1, 1, 1, -1, 1, -1, 1, 2, 4, 8, 1, -2, 4, -8, 0, 0, 0, 1}; };
struct MatGT { static constexpr int P = 3, Q = 6; static constexpr float L[P * Q] = {
  1 / 4.f, -1 / 6.f, -1 / 6.f, 1 / 24.f, 1 / 24.f, 0, 0, -1 / 6.f, 1 / 6.f, 1 / 12.f, -1 / 12.f, 0,
  0, -1 / 6.f, -1 / 6.f, 1 / 6.f, 1 / 6.f, 1}; };

// L in L^T with L known at compile time: every entry of a pass is one sweep over the channels that
// sums only L's nonzero terms (a x 1 folds away), instead of a zero fill and a sweep per term. The
// terms are added in the same order as a sweep per term would, from zero: the same result.
template <class M>
inline __attribute__((always_inline)) void transform_fixed(const float* const* in, float* tmp, float* const* out, idx cn) {
  constexpr int P = M::P, Q = M::Q;
  // tmp[i][l] = sum_k L[i][k] in[k][l]
#pragma GCC unroll 6
  for (int i = 0; i < P; ++i)
#pragma GCC unroll 6
    for (int l = 0; l < Q; ++l) {
      float* d = tmp + (i * Q + l) * cn;
      for (idx ch = 0; ch < cn; ++ch) {
        float acc = 0.f;
#pragma GCC unroll 6
        for (int k = 0; k < Q; ++k)
          if (M::L[i * Q + k] != 0.f) acc += M::L[i * Q + k] * in[k * Q + l][ch];
        d[ch] = acc;
      }
    }
  // out[l][i] = sum_k L[i][k] tmp[l][k]
#pragma GCC unroll 6
  for (int i = 0; i < P; ++i)
#pragma GCC unroll 6
    for (int l = 0; l < P; ++l) {
      float* d = out[l * P + i];
      for (idx ch = 0; ch < cn; ++ch) {
        float acc = 0.f;
#pragma GCC unroll 6
        for (int k = 0; k < Q; ++k)
          if (M::L[i * Q + k] != 0.f) acc += M::L[i * Q + k] * tmp[(l * Q + k) * cn + ch];
        d[ch] = acc;
      }
    }
}
FF_AVX2_CLONES void transform_bt(const float* const* in, float* tmp, float* const* out, idx cn) { transform_fixed<MatBT>(in, tmp, out, cn); }
FF_AVX2_CLONES void transform_g(const float* const* in, float* tmp, float* const* out, idx cn) { transform_fixed<MatG>(in, tmp, out, cn); }
FF_AVX2_CLONES void transform_at(const float* const* in, float* tmp, float* const* out, idx cn) { transform_fixed<MatAT>(in, tmp, out, cn); }
FF_AVX2_CLONES void transform_a(const float* const* in, float* tmp, float* const* out, idx cn) { transform_fixed<MatA>(in, tmp, out, cn); }
FF_AVX2_CLONES void transform_gt(const float* const* in, float* tmp, float* const* out, idx cn) { transform_fixed<MatGT>(in, tmp, out, cn); }

const Variant& f4x4() {
  static const Variant v = {4, 6, {transform_bt, 6, 6}, {transform_g, 6, 3}, {transform_at, 4, 6}, {transform_a, 6, 4},
                            {transform_gt, 3, 6}};
  return v;
}

constexpr idx kChannelBlock = 64;
constexpr idx kScratchFloats = idx(1) << 22;  // 16 MiB per scratch operand: chunks of tiles and channels fit

// Per-thread buffers for a transform: the half-transformed entries, the result when it is not written
// in place (output tiles), and a block of zeros for entries outside the image.
struct TileBuffers {
  std::vector<float> tmp, out, zeros;
  explicit TileBuffers(int entries) : tmp(entries * kChannelBlock), out(entries * kChannelBlock), zeros(kChannelBlock, 0.f) {}
};

// A convolution as it is run: input [N,H,W,Cin] -> output [N,OH,OW,Cout], 3x3, stride 1, padding pt/pl,
// cut into TY x TX output tiles of m x m per image.
struct Geometry {
  idx N, H, W, Cin, OH, OW, Cout, pt, pl, m, TY, TX;
  Geometry(idx N_, idx H_, idx W_, idx Cin_, idx OH_, idx OW_, idx Cout_, idx pt_, idx pl_, idx m_)
      : N(N_), H(H_), W(W_), Cin(Cin_), OH(OH_), OW(OW_), Cout(Cout_), pt(pt_), pl(pl_), m(m_),
        TY((OH_ + m_ - 1) / m_), TX((OW_ + m_ - 1) / m_) {}
  idx tiles() const { return N * TY * TX; }
  void locate(idx t, idx& n, idx& ty, idx& tx) const { n = t / (TY * TX); const idx r = t % (TY * TX); ty = r / TX; tx = r % TX; }
};

// An NHWC image [N,H,W,C] as the transforms read or write it: as stored (s = 1), or space-to-depth
// by s = 2, i.e. [N, ceil(H/2), ceil(W/2), 4C] with channel (py*2 + px)*C + c of pixel (h, w) being
// channel c of stored pixel (2h + py, 2w + px). The view is never materialized: a transform reads and
// writes runs of channels where they lie.
struct ImageView {
  float* data;  // const for the images that are only read
  idx H, W, C, s;
  // Channel ch of pixel (n, h, w), nullptr outside the stored image (the zero padding).
  float* at(idx n, idx h, idx w, idx ch) const {
    const idx phase = ch / C, ih = h * s + phase / s, iw = w * s + phase % s;
    if (ih < 0 || ih >= H || iw < 0 || iw >= W) return nullptr;
    return data + ((n * H + ih) * W + iw) * C + ch % C;
  }
  // How many channels from ch on lie side by side (to the end of ch's phase).
  idx run(idx ch) const { return C - ch % C; }
};
ImageView stored(const float* data, idx H, idx W, idx C) { return {const_cast<float*>(data), H, W, C, 1}; }

// dst[e][t - t0][c - c0] (e < p*p, row stride cw) = the transform L of the q x q patch of src (zero
// outside) at tile t's origin, for channels [c0, c0 + cw). `shift` moves the patch origin from the
// tile's output origin (minus the padding for input tiles).
void transform_tiles(const Geometry& g, const ImageView& src, idx c0, idx cw, idx shift_h, idx shift_w, const Transform& L,
                     idx t0, idx tc, float* dst) {
  const int p = L.p, q = L.q;
  parallel_for(tc, 1, [&](idx b, idx e) {
    TileBuffers buf(std::max(p, q) * std::max(p, q));
    const float* in[36];
    float* out[36];
    for (idx t = t0 + b; t < t0 + e; ++t) {
      idx n, ty, tx;
      g.locate(t, n, ty, tx);
      const idx h0 = ty * g.m - shift_h, w0 = tx * g.m - shift_w;
      for (idx cb = 0, cn; cb < cw; cb += cn) {
        cn = std::min({kChannelBlock, cw - cb, src.run(c0 + cb)});
        for (int i = 0; i < q; ++i)
          for (int j = 0; j < q; ++j) {
            const float* at = src.at(n, h0 + i, w0 + j, c0 + cb);
            in[i * q + j] = at ? at : buf.zeros.data();
          }
        for (int x = 0; x < p * p; ++x) out[x] = dst + (x * tc + (t - t0)) * cw + cb;
        L.fn(in, buf.tmp.data(), out, cn);
      }
    }
  });
}

// For each row r < rows: dst entries (p*p) of row r = L (src entries (q*q) of row r) L^T, each entry a
// run of `cols` floats. Used for filters: rows are channels, entries are filter taps. `flip` reads
// the source entries in reverse order (a filter rotated by 180 degrees).
void transform_rows(const Transform& L, const float* src, idx src_entry, idx src_row, float* dst, idx dst_entry,
                    idx dst_row, idx rows, idx cols, bool flip) {
  const int p = L.p, q = L.q;
  parallel_for(rows, 1, [&](idx b, idx e) {
    TileBuffers buf(std::max(p, q) * std::max(p, q));
    const float* in[36];
    float* out[36];
    for (idx r = b; r < e; ++r)
      for (idx cb = 0; cb < cols; cb += kChannelBlock) {
        const idx cn = std::min(kChannelBlock, cols - cb);
        for (int x = 0; x < q * q; ++x) in[x] = src + (flip ? q * q - 1 - x : x) * src_entry + r * src_row + cb;
        for (int x = 0; x < p * p; ++x) out[x] = dst + x * dst_entry + r * dst_row + cb;
        L.fn(in, buf.tmp.data(), out, cn);
      }
  });
}

// y tiles [t0, t0 + tc), channels [o0, o0 + ow) = AT (products[e][t - t0][o - o0]) AT^T, plus bias and
// activation; only the pixels inside the output are written.
void output_tiles(const Variant& v, const Geometry& g, const float* products, idx t0, idx tc, idx o0, idx ow, const ImageView& y,
                  const float* bias, int act, float alpha) {
  const int m = v.m, a = v.a;
  parallel_for(tc, 1, [&](idx b, idx e) {
    TileBuffers buf(a * a);
    const float* in[36];
    float* out[36];
    for (idx t = t0 + b; t < t0 + e; ++t) {
      idx n, ty, tx;
      g.locate(t, n, ty, tx);
      for (idx cb = 0, cn; cb < ow; cb += cn) {
        cn = std::min({kChannelBlock, ow - cb, y.run(o0 + cb)});
        for (int x = 0; x < a * a; ++x) in[x] = products + (x * tc + (t - t0)) * ow + cb;
        for (int x = 0; x < m * m; ++x) out[x] = buf.out.data() + x * cn;
        v.AT.fn(in, buf.tmp.data(), out, cn);
        for (int i = 0; i < m && ty * m + i < g.OH; ++i)
          for (int j = 0; j < m && tx * m + j < g.OW; ++j) {
            float* d = y.at(n, ty * m + i, tx * m + j, o0 + cb);
            if (!d) continue;
            std::memcpy(d, buf.out.data() + (i * m + j) * cn, sizeof(float) * cn);
            bias_act_row(d, bias ? bias + o0 + cb : nullptr, cn, act, alpha);
          }
      }
    }
  });
}

// The a*a independent products, one GEMM per entry: out[e] (M x N) (+)= A[e] x B[e]. Spread over
// the entries (one single-threaded GEMM each) when there are enough of them to keep every core busy.
template <class MakeA, class MakeB>
void entry_gemms(int entries, idx M, idx N, idx K, MakeA make_a, MakeB make_b, float* out, bool accumulate) {
  auto one = [&](idx e, bool serial) { gemm(M, N, K, make_a(e), make_b(e), out + e * M * N, N, accumulate, nullptr, serial); };
  if (entries >= 4 * num_threads()) parallel_for(entries, 1, [&](idx b, idx e) { for (idx x = b; x < e; ++x) one(x, true); });
  else for (idx x = 0; x < entries; ++x) one(x, false);
}

// A scratch operand for one call: freed on return, so the heap can hand its memory to the tensors
// of the next kernel (persistent buffers would sit on top of the training step's peak).
struct Scratch {
  float* p;
  explicit Scratch(size_t n) : p(alloc_floats(n)) {}
  ~Scratch() { std::free(p); }
  Scratch(const Scratch&) = delete;
  Scratch& operator=(const Scratch&) = delete;
};

// Output channels per pass (filters[e][Cin][chunk] fits the scratch budget) and tiles per pass.
idx channel_chunk(int entries, idx other, idx total) {
  if ((idx)entries * other * total <= kScratchFloats) return total;
  return std::min(total, std::max<idx>(16, kScratchFloats / ((idx)entries * other) / 16 * 16));
}
idx tile_chunk(int entries, idx channels, idx total) {
  return std::min(total, std::max<idx>(16, kScratchFloats / ((idx)entries * std::max<idx>(channels, 1))));
}

// y = the 3x3 stride-1 convolution of x with w. w is [3][3][Cin][Cout], or with `flipped` the filter
// of the forward convolution whose input gradient this is ([3][3][Cout][Cin], rotated by 180 degrees).
// The transformed operands: kept between calls (kernels run on one JS thread at a time). Allocated
// per call, up to 3 x 16 MiB went back to the OS at every free (glibc trims the heap top) and were
// page-faulted in again at the next call: a third of a batch-8 Villain step was system time.
GrowBuffer g_filters, g_tiles, g_products, g_flipped;

void winograd_conv(const Variant& v, const Geometry& g, const ImageView& x, const float* w, bool flipped, const ImageView& y,
                   const float* bias, int act, float alpha) {
  const int E = v.a * v.a;
  const idx T = g.tiles(), OC = channel_chunk(E, g.Cin, g.Cout), TC = tile_chunk(E, std::max(g.Cin, OC), T);
  if (flipped) {  // to [3][3][Cin][Cout] (taps still rotated), so the GEMMs read plain row-major filters
    float* w_transposed = g_flipped.get((size_t)9 * g.Cin * g.Cout);
    const idx shape[3] = {9, g.Cout, g.Cin};
    const int perm[3] = {0, 2, 1};
    transpose(w, w_transposed, 3, shape, perm);
    w = w_transposed;
  }
  float *U = g_filters.get((size_t)E * g.Cin * OC), *V = g_tiles.get((size_t)E * TC * g.Cin), *P = g_products.get((size_t)E * TC * OC);
  // With every tile in one chunk, the input tiles are transformed once for all output-channel chunks.
  const bool tiles_once = TC >= T;
  if (tiles_once) transform_tiles(g, x, 0, g.Cin, g.pt, g.pl, v.BT, 0, T, V);
  for (idx o0 = 0; o0 < g.Cout; o0 += OC) {
    const idx ow = std::min(OC, g.Cout - o0);
    // U[e][i][o - o0] = G w[., ., i, o] G^T
    transform_rows(v.G, w + o0, g.Cin * g.Cout, g.Cout, U, g.Cin * ow, ow, g.Cin, ow, flipped);
    for (idx t0 = 0; t0 < T; t0 += TC) {
      const idx tc = std::min(TC, T - t0);
      if (!tiles_once) transform_tiles(g, x, 0, g.Cin, g.pt, g.pl, v.BT, t0, tc, V);
      entry_gemms(E, tc, ow, g.Cin, [&](idx e) { return DenseA(V + e * tc * g.Cin, g.Cin, false); },
                  [&](idx e) { return DenseB(U + e * g.Cin * ow, ow, false); }, P, false);
      output_tiles(v, g, P, t0, tc, o0, ow, y, bias, act, alpha);
    }
  }
}

// dw [3][3][Cin][Cout] = the filter gradient of the forward convolution g, from its input x and dy.
void winograd_filter_gradient(const Variant& v, const Geometry& g, const ImageView& x, const ImageView& dy, float* dw) {
  const int E = v.a * v.a;
  const idx T = g.tiles(), OC = channel_chunk(E, g.Cin, g.Cout), TC = tile_chunk(E, std::max(g.Cin, OC), T);
  float *dU = g_filters.get((size_t)E * g.Cin * OC), *V = g_tiles.get((size_t)E * TC * g.Cin), *Y = g_products.get((size_t)E * TC * OC);
  const bool tiles_once = TC >= T;
  if (tiles_once) transform_tiles(g, x, 0, g.Cin, g.pt, g.pl, v.BT, 0, T, V);
  for (idx o0 = 0; o0 < g.Cout; o0 += OC) {
    const idx ow = std::min(OC, g.Cout - o0);
    for (idx t0 = 0; t0 < T; t0 += TC) {
      const idx tc = std::min(TC, T - t0);
      if (!tiles_once) transform_tiles(g, x, 0, g.Cin, g.pt, g.pl, v.BT, t0, tc, V);
      transform_tiles(g, dy, o0, ow, 0, 0, v.A, t0, tc, Y);
      // dU[e] (Cin x ow) (+)= V[e]^T (Cin x tc) x Y[e] (tc x ow), summed over the tile chunks
      entry_gemms(E, g.Cin, ow, tc, [&](idx e) { return DenseA(V + e * tc * g.Cin, g.Cin, true); },
                  [&](idx e) { return DenseB(Y + e * tc * ow, ow, false); }, dU, t0 > 0);
    }
    transform_rows(v.GT, dU, g.Cin * ow, ow, dw + o0, g.Cin * g.Cout, g.Cout, g.Cin, ow, false);
  }
}

bool g_enabled = [] {
  const char* e = std::getenv("FACEFORGE_WINOGRAD");
  return !(e && std::strcmp(e, "0") == 0);
}();

// Whether Winograd beats SGEMM for a 3x3 convolution producing N x OH x OW from Cin to Cout channels:
// enough channels for the transforms to pay, tiles not too ragged, and enough tiles (at 16 tiles,
// a 4x4 map at batch 16, the filter transform costs as much as the GEMMs save).
bool worthwhile(idx N, idx OH, idx OW, idx Cin, idx Cout) {
  if (!g_enabled || Cin < 16 || Cout < 16) return false;
  const idx m = f4x4().m, tiles = ((OH + m - 1) / m) * ((OW + m - 1) / m);
  return N * tiles >= 64 && 36.0 * tiles < 0.6 * 9.0 * OH * OW;  // at least 1.67x fewer multiplies
}

// 3x3, stride 1, and a padding the input gradient's convolution can mirror (2 - p >= 0).
bool applies(const ConvDims& d) {
  return d.KH == 3 && d.KW == 3 && d.sh == 1 && d.sw == 1 && d.pt >= 0 && d.pt <= 2 && d.pl >= 0 && d.pl <= 2;
}

// Space-to-depth: a stride-2 convolution reads input pixel 2o + k - p for output o and tap k < K, i.e.
// pixel o + a of phase ph of the input space-to-depth by 2, where k - p = 2a + ph. When a takes 3
// values (5x5 with padding 1 or 2), that is a 3x3 stride-1 convolution over 4C channels with padding
// -a_min, whose filter holds tap k at (a - a_min, ph) and zeros where a phase has no tap. Its Winograd
// multiplies are 36/16 * 4C per output against 25C for the 5x5: 2.8x fewer.
idx floor_half(idx v) { return v >= 0 ? v / 2 : -((1 - v) / 2); }
idx s2d_padding(idx p) { return -floor_half(-p); }
bool s2d_fits(idx K, idx p) { return floor_half(K - 1 - p) - floor_half(-p) == 2; }
// The original tap at 3x3 tap a and phase ph, or -1 where that phase has none.
idx s2d_tap(idx a, idx ph, idx K, idx p) {
  const idx k = 2 * (a - s2d_padding(p)) + ph + p;
  return k >= 0 && k < K ? k : -1;
}
bool s2d_applies(const ConvDims& d) {
  return d.sh == 2 && d.sw == 2 && s2d_fits(d.KH, d.pt) && s2d_fits(d.KW, d.pl);
}

// The 3x3 filter [3][3][4C][CO] of the space-to-depth convolution from the filter w [KH][KW][C][CO]
// (to_3x3), or the filter gradient back from it. Each (tap, phase) pair is a C x CO block.
void s2d_filter(const ConvDims& d, float* w, float* w3, bool to_3x3) {
  const size_t block = (size_t)d.C * d.CO;
  for (idx ah = 0; ah < 3; ++ah)
    for (idx aw = 0; aw < 3; ++aw)
      for (idx py = 0; py < 2; ++py)
        for (idx px = 0; px < 2; ++px) {
          const idx kh = s2d_tap(ah, py, d.KH, d.pt), kw = s2d_tap(aw, px, d.KW, d.pl);
          float* b3 = w3 + ((ah * 3 + aw) * 4 + py * 2 + px) * block;
          float* b = kh < 0 || kw < 0 ? nullptr : w + (kh * d.KW + kw) * block;
          if (to_3x3 && b) std::memcpy(b3, b, block * sizeof(float));
          else if (to_3x3) std::memset(b3, 0, block * sizeof(float));
          else if (b) std::memcpy(b, b3, block * sizeof(float));
        }
}

// The 3x3 stride-1 problem a convolution runs as, with the view of its input (s2 > 1: space-to-depth).
struct Plan {
  Geometry g;
  idx s2;
};
Plan plan_of(const ConvDims& d) {
  if (applies(d)) return {Geometry(d.N, d.H, d.W, d.C, d.OH, d.OW, d.CO, d.pt, d.pl, 4), 1};
  return {Geometry(d.N, (d.H + 1) / 2, (d.W + 1) / 2, 4 * d.C, d.OH, d.OW, d.CO, s2d_padding(d.pt), s2d_padding(d.pl), 4), 2};
}
ImageView input_view(const ConvDims& d, const float* x, idx s2) { return {const_cast<float*>(x), d.H, d.W, d.C, s2}; }
// The plan's 3x3 filter: w itself, or its space-to-depth form, built in `held`.
const float* plan_filter(const Plan& pl, const ConvDims& d, const float* w, std::unique_ptr<Scratch>& held) {
  if (pl.s2 == 1) return w;
  held.reset(new Scratch((size_t)9 * pl.g.Cin * d.CO));
  s2d_filter(d, const_cast<float*>(w), held->p, true);
  return held->p;
}
}  // namespace

bool winograd_applies(const ConvDims& d, bool input_gradient) {
  if (!applies(d) && !s2d_applies(d)) return false;
  const Geometry g = plan_of(d).g;
  return input_gradient ? worthwhile(g.N, g.H, g.W, g.Cout, g.Cin) : worthwhile(g.N, g.OH, g.OW, g.Cin, g.Cout);
}

void set_winograd(bool enabled) { g_enabled = enabled; }
bool winograd_enabled() { return g_enabled; }

bool conv2d_winograd_forward(const float* x, const float* w, float* y, const ConvDims& d, const float* bias, int act, float alpha) {
  if (!winograd_applies(d, false)) return false;
  const Plan pl = plan_of(d);
  std::unique_ptr<Scratch> w3;
  w = plan_filter(pl, d, w, w3);
  winograd_conv(f4x4(), pl.g, input_view(d, x, pl.s2), w, false, stored(y, d.OH, d.OW, d.CO), bias, act, alpha);
  return true;
}

bool conv2d_winograd_backprop_input(const float* dy, const float* w, float* dx, const ConvDims& d) {
  if (!winograd_applies(d, true)) return false;
  const Plan pl = plan_of(d);
  std::unique_ptr<Scratch> w3;
  w = plan_filter(pl, d, w, w3);
  // The input gradient of a stride-1 convolution is the convolution of dy with the rotated filter, padded 2 - p.
  const Geometry& g = pl.g;
  winograd_conv(f4x4(), Geometry(g.N, g.OH, g.OW, g.Cout, g.H, g.W, g.Cin, 2 - g.pt, 2 - g.pl, 4), stored(dy, d.OH, d.OW, d.CO), w,
                true, input_view(d, dx, pl.s2), nullptr, ACT_LINEAR, 0.f);
  return true;
}

bool conv2d_winograd_backprop_filter(const float* x, const float* dy, float* dw, const ConvDims& d) {
  if (!winograd_applies(d, false)) return false;
  const Plan pl = plan_of(d);
  std::unique_ptr<Scratch> dw3(pl.s2 > 1 ? new Scratch((size_t)9 * pl.g.Cin * d.CO) : nullptr);
  winograd_filter_gradient(f4x4(), pl.g, input_view(d, x, pl.s2), stored(dy, d.OH, d.OW, d.CO), dw3 ? dw3->p : dw);
  if (dw3) s2d_filter(d, dw, dw3->p, false);
  return true;
}
}  // namespace ff
