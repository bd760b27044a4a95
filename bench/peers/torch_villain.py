"""PyTorch reference for `npm run bench -- train --model villain`: faceswap's Villain model
(villain.py; notes §2.2), 128 px, shared encoder, two decoders, the same plain step as
torch_original.py: batch B per side, L1 loss per side, Adam(5e-5, betas 0.5/0.99).
Run with Debian's torch:
    /usr/bin/python3 bench/peers/torch_villain.py --threads 2 --batch 16 [--lowmem] [--learn-mask] [--reflect-padding] [--count]

Parameters per part (packages/plugin-villain's hand table holds the same numbers):
    defaults: encoder 112,027,904, decoder_a 21,543,555, decoder_b 21,543,555, total 155,115,014
    lowmem:   encoder  75,573,504, decoders as above,                          total 118,660,614
    learn_mask adds 15,342,209 to each decoder (upscale 512, 256, 128 and a k5 conv to 1 channel).
Layouts differ (PyTorch is channels first; Keras flattens H·W·C, PyTorch C·H·W) but every layer has
the shape and the arithmetic of faceswap's, which is what the parameter counts and the timing need.
"""
import torch
from torch import nn
from peer_common import Blocks, Reshape, peer_arguments, print_parameters, random_batch, side_loss, start, time_training

p = peer_arguments()
p.add_argument('--lowmem', action='store_true', help='8 residual blocks, encoder_dim 512, no separable 1024')
args = p.parse_args()
start(args)
blocks = Blocks(args.reflect_padding)

SIZE = 128
ENCODER_DIM = 512 if args.lowmem else 1024
DENSE_SHAPE = SIZE // 16


def separable(cin, cout, k=5, s=2):
    """SeparableConv2DBlock: depthwise k5 s2 (no bias), pointwise 1×1 (bias), ReLU."""
    return [nn.Conv2d(cin, cin, k, s, k // 2, groups=cin, bias=False), nn.Conv2d(cin, cout, 1), nn.ReLU()]


def upscale(cin, filters, activation=True):
    """UpscaleBlock(n): Conv2D k3 to 4n, LeakyReLU(0.1) unless activation is off, pixel shuffle ×2."""
    return [*conv(cin, filters * 4, 3, 1, activation), nn.PixelShuffle(2)]


class Encoder(nn.Module):
    def __init__(self):
        super().__init__()
        self.in_conv = nn.Sequential(*blocks.conv(3, 128, activation=False))  # tmp_x, 64×64×128
        self.residuals = nn.Sequential(nn.LeakyReLU(0.2), *[blocks.residual(128) for _ in range(8 if args.lowmem else 16)])
        self.skip_act = nn.LeakyReLU(0.1)
        tail = [*blocks.conv(128, 128), nn.PixelShuffle(2), *blocks.conv(32, 128), nn.PixelShuffle(2), *blocks.conv(32, 128),
                *separable(128, 256), *blocks.conv(256, 512)]
        if not args.lowmem:
            tail += separable(512, 1024)
        flat = 8 * 8 * 512 if args.lowmem else 4 * 4 * 1024
        tail += [nn.Flatten(), nn.Linear(flat, ENCODER_DIM), nn.Linear(ENCODER_DIM, DENSE_SHAPE * DENSE_SHAPE * 1024),
                 Reshape(1024, DENSE_SHAPE, DENSE_SHAPE), *blocks.upscale(1024, 512)]
        self.tail = nn.Sequential(*tail)

    def forward(self, x):
        tmp = self.in_conv(x)
        return self.tail(self.residuals(tmp) + self.skip_act(tmp))


class Decoder(nn.Module):
    def __init__(self):
        super().__init__()
        face, cin = [], 512
        for n in (512, 256, 128):
            face += [*blocks.upscale(cin, n, activation=False), nn.LeakyReLU(0.2), blocks.residual(n)]
            cin = n
        self.face = nn.Sequential(*face, nn.Conv2d(128, 3, 5, 1, 2), nn.Sigmoid())
        if args.learn_mask:
            mask, cin = [], 512
            for n in (512, 256, 128):
                mask += blocks.upscale(cin, n)
                cin = n
            self.mask = nn.Sequential(*mask, nn.Conv2d(128, 1, 5, 1, 2), nn.Sigmoid())

    def forward(self, x):
        return (self.face(x), self.mask(x)) if args.learn_mask else (self.face(x), None)


encoder, dec_a, dec_b = Encoder(), Decoder(), Decoder()
parts = {'encoder': encoder, 'decoder_a': dec_a, 'decoder_b': dec_b}
print_parameters(parts)
if args.count:
    raise SystemExit(0)
a, mask_a = random_batch(args, SIZE)
b, mask_b = random_batch(args, SIZE)
time_training(args, parts, lambda: side_loss(encoder, dec_a, a, a, mask_a) + side_loss(encoder, dec_b, b, b, mask_b))
