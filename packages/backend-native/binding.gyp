{
  "targets": [
    {
      "target_name": "faceforge_native",
      "sources": ["src/addon.cc", "src/gemm.cc", "src/conv.cc", "src/conv_direct.cc", "src/depthwise.cc", "src/pool.cc", "src/resize.cc", "src/warp.cc", "src/winograd.cc", "src/ops.cc", "src/mirror_pad.cc", "src/ukr_generic.cc"],
      "cflags_cc": ["-O3", "-std=c++17", "-fno-math-errno", "-fno-trapping-math", "-ffp-contract=off", "-Wno-psabi"],
      "cflags_cc!": ["-fno-exceptions"],
      "libraries": ["-lpthread"],
      "conditions": [
        ["target_arch=='x64'", {
          "defines": ["FF_HAVE_X86_KERNELS"],
          "dependencies": ["ukr_avx2", "ukr_avx512"]
        }]
      ]
    },
    {
      "target_name": "ukr_avx2",
      "type": "static_library",
      "sources": ["src/ukr_avx2.cc"],
      "cflags_cc": ["-O3", "-std=c++17", "-fPIC", "-mavx2", "-mfma"]
    },
    {
      "target_name": "ukr_avx512",
      "type": "static_library",
      "sources": ["src/ukr_avx512.cc"],
      "cflags_cc": ["-O3", "-std=c++17", "-fPIC", "-mavx512f", "-mavx2", "-mfma"]
    }
  ]
}
