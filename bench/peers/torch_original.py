"""PyTorch reference for `npm run bench -- train`: faceswap's Original model (64 px, shared
encoder, two decoders), batch B per side, L1 loss per side, Adam(5e-5, betas 0.5/0.99), the
same step backend-probe.md measured. Run with Debian's torch:
    /usr/bin/python3 bench/peers/torch_original.py --threads 2 --batch 16 [--lowmem] [--learn-mask] [--reflect-padding] [--count]
Parameters: encoder 69,662,976 (lowmem 48,165,632), each decoder 6,199,747, total 82,062,470
(lowmem 60,565,126); learn_mask adds 6,196,545 to each decoder.
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
p.add_argument('--lowmem', action='store_true', help='no conv 1024, encoder_dim 512')
p.add_argument('--reflect-padding', action='store_true', help='[global] reflect_padding: reflection-pad before the conv, upscale and residual convs')
p.add_argument('--learn-mask', action='store_true', help='mask branch in each decoder, MSE mask loss (faceswap\'s default mask loss)')
args = p.parse_args()
torch.set_num_threads(args.threads)
torch.manual_seed(0)

def conv2d(cin, cout, k, s, bias=True):
    """faceswap's Conv2D wrapper: 'same' padding, or with reflect_padding ReflectionPadding2D (the
    amounts 'same' would pad, the smaller half first: even sizes here) and a 'valid' conv."""
    if not args.reflect_padding:
        return [nn.Conv2d(cin, cout, k, s, k // 2, bias=bias)]
    total = max(k - s, 0)
    first, last = total // 2, total - total // 2
    return [nn.ReflectionPad2d((first, last, first, last)), nn.Conv2d(cin, cout, k, s, 0, bias=bias)]

def down(cin, cout):
    return [*conv2d(cin, cout, 5, 2), nn.LeakyReLU(0.1)]

def up(cin, filters):
    return [*conv2d(cin, filters * 4, 3, 1), nn.LeakyReLU(0.1), nn.PixelShuffle(2)]

class Reshape(nn.Module):
    def forward(self, x):
        return x.view(-1, 1024, 4, 4)

if args.lowmem:
    encoder = nn.Sequential(*down(3, 128), *down(128, 256), *down(256, 512), nn.Flatten(),
                            nn.Linear(32768, 512), nn.Linear(512, 16384), Reshape(), *up(1024, 512))
else:
    encoder = nn.Sequential(*down(3, 128), *down(128, 256), *down(256, 512), *down(512, 1024), nn.Flatten(),
                            nn.Linear(16384, 1024), nn.Linear(1024, 16384), Reshape(), *up(1024, 512))

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
counts = {name: sum(p.numel() for p in part.parameters()) for name, part in parts.items()}
print('parameters', ', '.join([*(f'{name} {n}' for name, n in counts.items()), f'total {sum(counts.values())}']))
if args.count:
    raise SystemExit(0)
params = [p for part in parts.values() for p in part.parameters()]
opt = torch.optim.Adam(params, lr=5e-5, betas=(0.5, 0.99))
a = torch.rand(args.batch, 3, 64, 64)
b = torch.rand(args.batch, 3, 64, 64)
mask_a = (torch.rand(args.batch, 1, 64, 64) > 0.5).float()
mask_b = (torch.rand(args.batch, 1, 64, 64) > 0.5).float()

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
