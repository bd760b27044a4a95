"""PyTorch reference for `npm run bench -- train`: faceswap's Original model (64 px, shared
encoder, two decoders), batch B per side, L1 loss per side, Adam(5e-5, betas 0.5/0.99), the
same step backend-probe.md measured. Run with Debian's torch:
    /usr/bin/python3 bench/peers/torch_original.py --threads 2 --batch 16 [--lowmem] [--learn-mask] [--reflect-padding] [--count]
Parameters: encoder 69,662,976 (lowmem 48,165,632), each decoder 6,199,747, total 82,062,470
(lowmem 60,565,126); learn_mask adds 6,196,545 to each decoder.
"""
import torch
from torch import nn
from peer_common import Blocks, Reshape, peer_arguments, print_parameters, random_batch, side_loss, start, time_training

p = peer_arguments()
p.add_argument('--lowmem', action='store_true', help='no conv 1024, encoder_dim 512')
args = p.parse_args()
start(args)
blocks = Blocks(args.reflect_padding)


def down(cin, cout):
    return blocks.conv(cin, cout, 5, 2)


def up(cin, filters):
    return blocks.upscale(cin, filters)


if args.lowmem:
    encoder = nn.Sequential(*down(3, 128), *down(128, 256), *down(256, 512), nn.Flatten(),
                            nn.Linear(32768, 512), nn.Linear(512, 16384), Reshape(1024, 4, 4), *up(1024, 512))
else:
    encoder = nn.Sequential(*down(3, 128), *down(128, 256), *down(256, 512), *down(512, 1024), nn.Flatten(),
                            nn.Linear(16384, 1024), nn.Linear(1024, 16384), Reshape(1024, 4, 4), *up(1024, 512))


class Decoder(nn.Module):
    def __init__(self):
        super().__init__()
        branch = lambda filters: nn.Sequential(*up(512, 256), *up(256, 128), *up(128, 64), nn.Conv2d(64, filters, 5, 1, 2), nn.Sigmoid())
        self.face = branch(3)
        self.mask = branch(1) if args.learn_mask else None

    def forward(self, x):
        return self.face(x), (self.mask(x) if self.mask is not None else None)


dec_a, dec_b = Decoder(), Decoder()
parts = {'encoder': encoder, 'decoder_a': dec_a, 'decoder_b': dec_b}
print_parameters(parts)
if args.count:
    raise SystemExit(0)
a, mask_a = random_batch(args, 64)
b, mask_b = random_batch(args, 64)
time_training(args, parts, lambda: side_loss(encoder, dec_a, a, a, mask_a) + side_loss(encoder, dec_b, b, b, mask_b))
