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
import argparse, resource, time
import torch
from torch import nn

p = argparse.ArgumentParser()
p.add_argument('--threads', type=int, default=2)
p.add_argument('--batch', type=int, default=16)
p.add_argument('--warmup', type=int, default=2)
p.add_argument('--iters', type=int, default=6)
p.add_argument('--count', action='store_true', help='print the parameter counts and exit')
p.add_argument('--lowmem', action='store_true', help='8 residual blocks, encoder_dim 512, no separable 1024')
p.add_argument('--reflect-padding', action='store_true', help='[global] reflect_padding: reflection-pad before the conv, upscale and residual convs')
p.add_argument('--learn-mask', action='store_true', help='mask branch in each decoder, MSE mask loss (faceswap\'s default mask loss)')
args = p.parse_args()
torch.set_num_threads(args.threads)
torch.manual_seed(0)

SIZE = 128
ENCODER_DIM = 512 if args.lowmem else 1024
DENSE_SHAPE = SIZE // 16


def conv2d(cin, cout, k, s, bias=True):
    """faceswap's Conv2D wrapper: 'same' padding, or with reflect_padding ReflectionPadding2D (the
    amounts 'same' would pad, the smaller half first: even sizes here) and a 'valid' conv."""
    if not args.reflect_padding:
        return [nn.Conv2d(cin, cout, k, s, k // 2, bias=bias)]
    total = max(k - s, 0)
    first, last = total // 2, total - total // 2
    return [nn.ReflectionPad2d((first, last, first, last)), nn.Conv2d(cin, cout, k, s, 0, bias=bias)]


def conv(cin, cout, k=5, s=2, activation=True):
    """Conv2DBlock: Conv2D, 'same' padding, then LeakyReLU(0.1) unless activation is off."""
    layers = conv2d(cin, cout, k, s)
    return layers + [nn.LeakyReLU(0.1)] if activation else layers


def separable(cin, cout, k=5, s=2):
    """SeparableConv2DBlock: depthwise k5 s2 (no bias), pointwise 1×1 (bias), ReLU."""
    return [nn.Conv2d(cin, cin, k, s, k // 2, groups=cin, bias=False), nn.Conv2d(cin, cout, 1), nn.ReLU()]


def upscale(cin, filters, activation=True):
    """UpscaleBlock(n): Conv2D k3 to 4n, LeakyReLU(0.1) unless activation is off, pixel shuffle ×2."""
    return [*conv(cin, filters * 4, 3, 1, activation), nn.PixelShuffle(2)]


class Residual(nn.Module):
    """ResidualBlock: conv k3 → LeakyReLU 0.2 → conv k3, added to the input, → LeakyReLU 0.2."""
    def __init__(self, filters, bias=True):
        super().__init__()
        self.conv0 = nn.Sequential(*conv2d(filters, filters, 3, 1, bias))
        self.conv1 = nn.Sequential(*conv2d(filters, filters, 3, 1, bias))
        self.act = nn.LeakyReLU(0.2)

    def forward(self, x):
        return self.act(self.conv1(self.act(self.conv0(x))) + x)


class Reshape(nn.Module):
    def __init__(self, *shape):
        super().__init__()
        self.shape = shape

    def forward(self, x):
        return x.view(-1, *self.shape)


class Encoder(nn.Module):
    def __init__(self):
        super().__init__()
        self.in_conv = nn.Sequential(*conv(3, 128, activation=False))  # tmp_x, 64×64×128
        self.residuals = nn.Sequential(nn.LeakyReLU(0.2), *[Residual(128) for _ in range(8 if args.lowmem else 16)])
        self.skip_act = nn.LeakyReLU(0.1)
        tail = [*conv(128, 128), nn.PixelShuffle(2), *conv(32, 128), nn.PixelShuffle(2), *conv(32, 128),
                *separable(128, 256), *conv(256, 512)]
        if not args.lowmem:
            tail += separable(512, 1024)
        flat = 8 * 8 * 512 if args.lowmem else 4 * 4 * 1024
        tail += [nn.Flatten(), nn.Linear(flat, ENCODER_DIM), nn.Linear(ENCODER_DIM, DENSE_SHAPE * DENSE_SHAPE * 1024),
                 Reshape(1024, DENSE_SHAPE, DENSE_SHAPE), *upscale(1024, 512)]
        self.tail = nn.Sequential(*tail)

    def forward(self, x):
        tmp = self.in_conv(x)
        return self.tail(self.residuals(tmp) + self.skip_act(tmp))


class Decoder(nn.Module):
    def __init__(self):
        super().__init__()
        face, cin = [], 512
        for n in (512, 256, 128):
            face += [*upscale(cin, n, activation=False), nn.LeakyReLU(0.2), Residual(n)]
            cin = n
        self.face = nn.Sequential(*face, nn.Conv2d(128, 3, 5, 1, 2), nn.Sigmoid())
        if args.learn_mask:
            mask, cin = [], 512
            for n in (512, 256, 128):
                mask += upscale(cin, n)
                cin = n
            self.mask = nn.Sequential(*mask, nn.Conv2d(128, 1, 5, 1, 2), nn.Sigmoid())

    def forward(self, x):
        return (self.face(x), self.mask(x)) if args.learn_mask else (self.face(x), None)


encoder, dec_a, dec_b = Encoder(), Decoder(), Decoder()
parts = {'encoder': encoder, 'decoder_a': dec_a, 'decoder_b': dec_b}
counts = {name: sum(p.numel() for p in part.parameters()) for name, part in parts.items()}
print('parameters', ', '.join([*(f'{name} {n}' for name, n in counts.items()), f'total {sum(counts.values())}']))
if args.count:
    raise SystemExit(0)
params = [p for part in parts.values() for p in part.parameters()]
opt = torch.optim.Adam(params, lr=5e-5, betas=(0.5, 0.99))
a = torch.rand(args.batch, 3, SIZE, SIZE)
b = torch.rand(args.batch, 3, SIZE, SIZE)
mask_a = (torch.rand(args.batch, 1, SIZE, SIZE) > 0.5).float()
mask_b = (torch.rand(args.batch, 1, SIZE, SIZE) > 0.5).float()


def side_loss(decoder, faces, masks):
    face, mask = decoder(encoder(faces))
    loss = (face - faces).abs().mean()
    return loss + ((mask - masks) ** 2).mean() if mask is not None else loss


times = []
for i in range(args.warmup + args.iters):
    t = time.perf_counter()
    opt.zero_grad()
    loss = side_loss(dec_a, a, mask_a) + side_loss(dec_b, b, mask_b)
    loss.backward()
    opt.step()
    times.append(time.perf_counter() - t)
timed = times[args.warmup:]
step = sum(timed) / len(timed)
print(f'torch {torch.__version__}, {args.threads} threads, batch {args.batch} per side')
print(f'step {step:.3f} s  ->  {2 * args.batch / step:.2f} EG/s; peak RSS {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MiB')
