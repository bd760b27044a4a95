"""What the PyTorch peers (torch_original.py, torch_villain.py, torch_realface.py) share: the
command line, faceswap's layer helpers, the parameter count line and the timed training step."""
import argparse, resource, time
import torch
from torch import nn


def peer_arguments():
    """The flags every peer takes; a peer adds its own before parse_args()."""
    p = argparse.ArgumentParser()
    p.add_argument('--threads', type=int, default=2)
    p.add_argument('--batch', type=int, default=16)
    p.add_argument('--warmup', type=int, default=2)
    p.add_argument('--iters', type=int, default=6)
    p.add_argument('--count', action='store_true', help='print the parameter counts and exit')
    p.add_argument('--reflect-padding', action='store_true', help='[global] reflect_padding: reflection-pad before the conv, upscale and residual convs')
    p.add_argument('--learn-mask', action='store_true', help='mask branch in each decoder, MSE mask loss (faceswap\'s default mask loss)')
    return p


def start(args):
    torch.set_num_threads(args.threads)
    torch.manual_seed(0)


class Blocks:
    """faceswap's block wrappers, with or without [global] reflect_padding."""

    def __init__(self, reflect_padding):
        self.reflect_padding = reflect_padding

    def conv2d(self, cin, cout, k, s, bias=True):
        """faceswap's Conv2D wrapper: 'same' padding, or with reflect_padding ReflectionPadding2D (the
        amounts 'same' would pad, the smaller half first: even sizes here) and a 'valid' conv."""
        if not self.reflect_padding:
            return [nn.Conv2d(cin, cout, k, s, k // 2, bias=bias)]
        total = max(k - s, 0)
        first, last = total // 2, total - total // 2
        return [nn.ReflectionPad2d((first, last, first, last)), nn.Conv2d(cin, cout, k, s, 0, bias=bias)]

    def conv(self, cin, cout, k=5, s=2, activation=True):
        """Conv2DBlock: Conv2D, 'same' padding, then LeakyReLU(0.1) unless activation is off."""
        layers = self.conv2d(cin, cout, k, s)
        return layers + [nn.LeakyReLU(0.1)] if activation else layers

    def upscale(self, cin, filters, activation=True):
        """UpscaleBlock(n): Conv2D k3 to 4n, LeakyReLU(0.1) unless activation is off, pixel shuffle ×2."""
        return [*self.conv(cin, filters * 4, 3, 1, activation), nn.PixelShuffle(2)]

    def residual(self, filters, bias=True):
        return Residual(self, filters, bias)


class Residual(nn.Module):
    """ResidualBlock: conv k3 → LeakyReLU 0.2 → conv k3, added to the input, → LeakyReLU 0.2; use_bias on both convs."""

    def __init__(self, blocks, filters, bias=True):
        super().__init__()
        self.conv0 = nn.Sequential(*blocks.conv2d(filters, filters, 3, 1, bias))
        self.conv1 = nn.Sequential(*blocks.conv2d(filters, filters, 3, 1, bias))
        self.act = nn.LeakyReLU(0.2)

    def forward(self, x):
        return self.act(self.conv1(self.act(self.conv0(x))) + x)


class Reshape(nn.Module):
    def __init__(self, *shape):
        super().__init__()
        self.shape = shape

    def forward(self, x):
        return x.view(-1, *self.shape)


def print_parameters(parts):
    counts = {name: sum(p.numel() for p in part.parameters()) for name, part in parts.items()}
    print('parameters', ', '.join([*(f'{name} {n}' for name, n in counts.items()), f'total {sum(counts.values())}']))


def time_training(args, parts, step_loss):
    """faceswap's optimiser (Adam 5e-5, betas 0.5/0.99) over every part; step_loss() is one
    step's loss. Prints the mean step time after the warm-up steps, EG/s and peak RSS."""
    params = [p for part in parts.values() for p in part.parameters()]
    opt = torch.optim.Adam(params, lr=5e-5, betas=(0.5, 0.99))
    times = []
    for _ in range(args.warmup + args.iters):
        t = time.perf_counter()
        opt.zero_grad()
        step_loss().backward()
        opt.step()
        times.append(time.perf_counter() - t)
    timed = times[args.warmup:]
    step = sum(timed) / len(timed)
    print(f'torch {torch.__version__}, {args.threads} threads, batch {args.batch} per side')
    print(f'step {step:.3f} s  ->  {2 * args.batch / step:.2f} EG/s; peak RSS {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MiB')


def side_loss(encoder, decoder, faces, targets, masks):
    """L1 on the face, plus MSE on the mask where the decoder learns one."""
    face, mask = decoder(encoder(faces))
    loss = (face - targets).abs().mean()
    return loss + ((mask - masks) ** 2).mean() if mask is not None else loss


def random_batch(args, size):
    """Faces and binary masks of one side at `size` px (the step's cost does not depend on the pixels)."""
    return torch.rand(args.batch, 3, size, size), (torch.rand(args.batch, 1, size, size) > 0.5).float()
