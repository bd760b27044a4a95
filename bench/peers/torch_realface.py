"""PyTorch reference for `npm run bench -- train --model realface`: faceswap's RealFace ("Pegasus",
realface.py; notes §2.3), shared encoder and unbalanced decoders (A = B / 1.5), the same plain step
as torch_original.py: batch B per side, L1 loss per side at the output size, Adam(5e-5, betas
0.5/0.99). Run with Debian's torch:
    /usr/bin/python3 bench/peers/torch_realface.py --threads 2 --batch 16 [--input-size 64] [--output-size 128]
        [--dense-nodes 1536] [--complexity-encoder 128] [--complexity-decoder 512] [--learn-mask] [--reflect-padding] [--count]

Derived as faceswap does: dense_width and upscalers_no from the output size (n in {4, 5} with
out // 2**n < 10 whose (out // 2**n)·16 is closest to input_size), dense_filters =
((1024 - (dense_width - 4)·64) // 16)·16; decoder A takes int(x / 1.5) of dense_nodes, dense_filters
and complexity_decoder. Conv2D: k·k·in·out + out (no bias: k·k·in·out); Dense: in·out + out;
Up(n) = conv k3 to 4n + pixel shuffle; Res(n) = two conv k3 n → n.

Parameters per part for the defaults (64 → 128, dense 1536, complexity 128 / 512; dense_width 4,
upscalers 5, dense_filters 1024), counted by hand, layer by layer:
  encoder                                               29,604,608
    conv k5 3 → 128                       9,728
    2 × Res(128, bias)                  590,336   (2 × 2 × (9·128·128 + 128))
    conv k5 128 → 256                   819,456
    2 × Res(256, bias)                2,360,320
    conv k5 256 → 512                 3,277,312
    2 × Res(512, bias)                9,439,232
    conv k5 512 → 1024               13,108,224
  decoder_b                                            144,441,027
    dense 16384 → 1536               25,167,360
    dense 1536 → 4·4·1024            25,182,208
    Up(1024): conv k3 1024 → 4096    37,752,832
    Res(1024, no bias)               18,874,368
    Up(512): conv k3 1024 → 2048     18,876,416
    Res(512, no bias) + Res(512)      9,438,208   (4,718,592 + 4,719,616)
    Up(256): conv k3 512 → 1024       4,719,616
    Res(256, no bias) + Res(256)      2,359,808   (1,179,648 + 1,180,160)
    Up(128): conv k3 256 → 512        1,180,160
    Res(128, no bias) + Res(128)        590,080   (294,912 + 295,168)
    Up(64): conv k3 128 → 256           295,168
    face_out conv k5 64 → 3               4,803
  decoder_a (dense 1024, dense_filters 682, complexity 341)  64,196,041
    dense 16384 → 1024               16,778,240
    dense 1024 → 4·4·682             11,184,800
    Up(682): conv k3 682 → 2728      16,747,192
    Res(682, no bias)                 8,372,232
    Up(341): conv k3 682 → 1364       8,373,596
    Up(170): conv k3 341 → 680        2,087,600
    Up(85): conv k3 170 → 340           520,540
    Up(42): conv k3 85 → 168            128,688
    face_out conv k5 42 → 3               3,153
  total                                                238,241,676
learn_mask adds to each decoder, from the dense upscale's output: Up(384) (conv k3 dense_filters → 1536:
14,157,312 in B, 9,429,504 in A), Up(192) 2,654,976, Up(96) 663,936, Up(48) 166,080, conv k5 48 → 1
1,201: 17,643,505 to decoder_b, 12,915,697 to decoder_a.
Another size, 128 → 256 (dense_width 8, upscalers 5, dense_filters 768): encoder 29,604,608 (no dense
layer: it does not depend on the input size), decoder_a 123,881,569, decoder_b 240,810,691.
Layouts differ (PyTorch is channels first; Keras flattens H·W·C, PyTorch C·H·W) but every layer has
the shape and the arithmetic of faceswap's, which is what the parameter counts and the timing need.
"""
import sys
import torch
from torch import nn
from peer_common import Blocks, Reshape, peer_arguments, print_parameters, random_batch, side_loss, start, time_training

p = peer_arguments()
p.add_argument('--input-size', type=int, default=64, help='64-128, divisible by 16')
p.add_argument('--output-size', type=int, default=128, help='64-256, divisible by 32')
p.add_argument('--dense-nodes', type=int, default=1536, help='768-2048, step 64')
p.add_argument('--complexity-encoder', type=int, default=128, help='96-160, step 4')
p.add_argument('--complexity-decoder', type=int, default=512, help='512-544, step 4')
args = p.parse_args()

# faceswap's runtime checks (check_input_output), then the config ranges it offers
if not 64 <= args.input_size <= 128 or args.input_size % 16:
    sys.exit('torch_realface.py: --input-size must be between 64 and 128 and divisible by 16')
if not 64 <= args.output_size <= 256 or args.output_size % 32:
    sys.exit('torch_realface.py: --output-size must be between 64 and 256 and divisible by 32')
for name, low, high, step in (('dense_nodes', 768, 2048, 64), ('complexity_encoder', 96, 160, 4), ('complexity_decoder', 512, 544, 4)):
    value = getattr(args, name)
    if not low <= value <= high or (value - low) % step:
        sys.exit(f'torch_realface.py: --{name.replace("_", "-")} must be between {low} and {high} in steps of {step}, got {value}')

start(args)
blocks = Blocks(args.reflect_padding)

DOWNSCALERS, RATIO = 4, 16
sides = [(args.output_size // 2 ** n, n) for n in (4, 5) if args.output_size // 2 ** n < 10]
closest = min((s * RATIO for s, _ in sides), key=lambda x: abs(x - args.input_size))
DENSE_WIDTH, UPSCALERS = next((s, n) for s, n in sides if s * RATIO == closest)
DENSE_FILTERS = (int(1024 - (DENSE_WIDTH - 4) * 64) // 16) * 16
LATENT_FILTERS = args.complexity_encoder * 2 ** (DOWNSCALERS - 1)
LATENT_WIDTH = args.input_size // RATIO


def encoder():
    layers, cin = [], 3
    for idx in range(DOWNSCALERS - 1):
        n = args.complexity_encoder * 2 ** idx
        layers += [*blocks.conv(cin, n, activation=False), nn.LeakyReLU(0.2), blocks.residual(n, True), blocks.residual(n, True)]
        cin = n
    return nn.Sequential(*layers, *blocks.conv(cin, LATENT_FILTERS))


class Decoder(nn.Module):
    """Flatten → dense → dense → reshape → Up(dense_filters, no activation) = var_xy; the face
    branch goes on from var_xy, the mask branch (learn_mask) too."""
    def __init__(self, dense_nodes, dense_filters, face_layers, face_filters):
        super().__init__()
        self.dense = nn.Sequential(
            nn.Flatten(), nn.Linear(LATENT_WIDTH * LATENT_WIDTH * LATENT_FILTERS, dense_nodes),
            nn.Linear(dense_nodes, DENSE_WIDTH * DENSE_WIDTH * dense_filters), Reshape(dense_filters, DENSE_WIDTH, DENSE_WIDTH),
            *blocks.upscale(dense_filters, dense_filters, activation=False))
        self.face = nn.Sequential(nn.LeakyReLU(0.2), blocks.residual(dense_filters, False), *face_layers,
                                  nn.Conv2d(face_filters, 3, 5, 1, 2), nn.Sigmoid())
        if args.learn_mask:
            mask, cin = [], dense_filters
            for idx in range(UPSCALERS - 1):  # 384 // 2**idx for idx < upscalers - 2, then one more halving
                mask += blocks.upscale(cin, 384 // 2 ** idx)
                cin = 384 // 2 ** idx
            self.mask = nn.Sequential(nn.LeakyReLU(0.1), *mask, nn.Conv2d(cin, 1, 5, 1, 2), nn.Sigmoid())

    def forward(self, x):
        xy = self.dense(x)
        return (self.face(xy), self.mask(xy)) if args.learn_mask else (self.face(xy), None)


def decoder_b():
    layers, cin, c = [], DENSE_FILTERS, args.complexity_decoder
    for idx in range(UPSCALERS - 2):
        n = c // 2 ** idx
        layers += [*blocks.upscale(cin, n, activation=False), nn.LeakyReLU(0.2), blocks.residual(n, False), blocks.residual(n, True)]
        cin = n
    last = c // 2 ** (UPSCALERS - 2)
    return Decoder(args.dense_nodes, DENSE_FILTERS, [*layers, *blocks.upscale(cin, last)], last)


def decoder_a():
    dense_filters, c = int(DENSE_FILTERS / 1.5), int(args.complexity_decoder / 1.5)
    layers, cin = [], dense_filters
    for idx in range(UPSCALERS - 1):  # c // 2**idx for idx < upscalers - 2, then one more halving
        layers += blocks.upscale(cin, c // 2 ** idx)
        cin = c // 2 ** idx
    return Decoder(int(args.dense_nodes / 1.5), dense_filters, layers, cin)


encoder, dec_a, dec_b = encoder(), decoder_a(), decoder_b()
parts = {'encoder': encoder, 'decoder_a': dec_a, 'decoder_b': dec_b}
print(f'input {args.input_size}, output {args.output_size}, dense_nodes {args.dense_nodes}, complexity {args.complexity_encoder}/{args.complexity_decoder}:'
      f' dense_width {DENSE_WIDTH}, upscalers {UPSCALERS}, dense_filters {DENSE_FILTERS}')
print_parameters(parts)
if args.count:
    raise SystemExit(0)
a, _ = random_batch(args, args.input_size)
b, _ = random_batch(args, args.input_size)
# the targets are the faces at the output size, as the trainer feeds them
target_a, mask_a = random_batch(args, args.output_size)
target_b, mask_b = random_batch(args, args.output_size)
time_training(args, parts, lambda: side_loss(encoder, dec_a, a, target_a, mask_a) + side_loss(encoder, dec_b, b, target_b, mask_b))
