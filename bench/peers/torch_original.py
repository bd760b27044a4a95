"""PyTorch reference for `npm run bench -- train`: faceswap's Original model (64 px, shared
encoder, two decoders), batch B per side, L1 loss per side, Adam(5e-5, betas 0.5/0.99), the
same step backend-probe.md measured. Run with Debian's torch:
    /usr/bin/python3 bench/peers/torch_original.py --threads 2 --batch 16
"""
import argparse, resource, time
import torch
from torch import nn

p = argparse.ArgumentParser()
p.add_argument('--threads', type=int, default=2)
p.add_argument('--batch', type=int, default=16)
p.add_argument('--warmup', type=int, default=2)
p.add_argument('--iters', type=int, default=6)
args = p.parse_args()
torch.set_num_threads(args.threads)
torch.manual_seed(0)

def down(cin, cout):
    return [nn.Conv2d(cin, cout, 5, 2, 2), nn.LeakyReLU(0.1)]

def up(cin, filters):
    return [nn.Conv2d(cin, filters * 4, 3, 1, 1), nn.LeakyReLU(0.1), nn.PixelShuffle(2)]

class Reshape(nn.Module):
    def forward(self, x):
        return x.view(-1, 1024, 4, 4)

encoder = nn.Sequential(*down(3, 128), *down(128, 256), *down(256, 512), *down(512, 1024), nn.Flatten(),
                        nn.Linear(16384, 1024), nn.Linear(1024, 16384), Reshape(), *up(1024, 512))
def decoder():
    return nn.Sequential(*up(512, 256), *up(256, 128), *up(128, 64), nn.Conv2d(64, 3, 5, 1, 2), nn.Sigmoid())
dec_a, dec_b = decoder(), decoder()
params = [*encoder.parameters(), *dec_a.parameters(), *dec_b.parameters()]
print('parameters', sum(p.numel() for p in params))
opt = torch.optim.Adam(params, lr=5e-5, betas=(0.5, 0.99))
a = torch.rand(args.batch, 3, 64, 64)
b = torch.rand(args.batch, 3, 64, 64)
times = []
for i in range(args.warmup + args.iters):
    t = time.perf_counter()
    opt.zero_grad()
    loss = (dec_a(encoder(a)) - a).abs().mean() + (dec_b(encoder(b)) - b).abs().mean()
    loss.backward()
    opt.step()
    times.append(time.perf_counter() - t)
timed = times[args.warmup:]
step = sum(timed) / len(timed)
print(f'torch {torch.__version__}, {args.threads} threads, batch {args.batch} per side')
print(f'step {step:.3f} s  ->  {2 * args.batch / step:.2f} EG/s; peak RSS {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MiB')
