"""PyTorch's values, in float64, for the derivative functions `gradus grad` prints, called as .net
functions: conv_transpose1d/2d (F.conv_transpose1d/2d, output_padding included), correlate1d/2d (the
kernel gradient of F.conv1d/2d, by autograd), avg_pool2d_grad and max_pool2d_grad (autograd of
F.avg_pool2d / F.max_pool2d), embedding_grad (autograd of F.embedding, repeated indices) and sums
along the axes of a rank-4 tensor. Writes compiler/src/test/resources/reference/adjoints.json (read
by AdjointReferenceTest). Run with Debian's python3-torch:
    /usr/bin/python3 compiler/src/test/python/make_adjoint_refs.py
"""
import json, os
import torch

torch.set_default_dtype(torch.float64)
F = torch.nn.functional
OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "resources", "reference", "adjoints.json")
g = torch.Generator().manual_seed(5)
def rand(*shape): return torch.randn(*shape, generator=g)

cases = []
def case(expr, params, value, classes=None):
    cases.append({"expr": expr,
                  "params": {n: {"shape": list(t.shape), "values": t.flatten().tolist()} for n, t in params.items()},
                  "classes": classes or {},
                  "shape": list(value.shape), "expected": value.flatten().tolist()})

def conv_kernel_grad(conv, x, k, gy, **kw):
    k = k.clone().requires_grad_(True)
    conv(x.unsqueeze(0), k, **kw).backward(gy.unsqueeze(0))
    return k.grad

def input_grad(fn, x, gy):
    x = x.clone().requires_grad_(True)
    fn(x.unsqueeze(0)).squeeze(0).backward(gy)
    return x.grad

# 1-d: x [2, 7], K [3, 2, 3], stride 2, padding 1: (7 + 2 - 3) % 2 = 0; and x [2, 8]: one position past the last window
for L, op in ((7, 0), (8, 1)):
    k = rand(3, 2, 3); gy = rand(3, (L + 2 - 3) // 2 + 1); x = rand(2, L)
    case(f"conv_transpose1d(g, K, stride = 2, padding = 1, output_padding = {op})", {"g": gy, "K": k},
         F.conv_transpose1d(gy.unsqueeze(0), k, stride=2, padding=1, output_padding=op).squeeze(0))
    case(f"correlate1d(x, g, stride = 2, padding = 1, output_padding = {op})", {"x": x, "g": gy},
         conv_kernel_grad(F.conv1d, x, k, gy, stride=2, padding=1))

# 2-d: x [2, 6, 5], K [3, 2, 3, 3], stride 2, padding 1: (6 + 2 - 3) % 2 = 1 on the height, 0 on the width
k = rand(3, 2, 3, 3); x = rand(2, 6, 5); gy = rand(3, 3, 3)
case("conv_transpose2d(g, K, stride = 2, padding = 1, output_padding = [1, 0])", {"g": gy, "K": k},
     F.conv_transpose2d(gy.unsqueeze(0), k, stride=2, padding=1, output_padding=(1, 0)).squeeze(0))
case("correlate2d(x, g, stride = 2, padding = 1, output_padding = [1, 0])", {"x": x, "g": gy},
     conv_kernel_grad(F.conv2d, x, k, gy, stride=2, padding=1))
k = rand(2, 2, 2, 3); x = rand(2, 5, 6); gy = rand(2, 4, 4)
case("conv_transpose2d(g, K)", {"g": gy, "K": k}, F.conv_transpose2d(gy.unsqueeze(0), k).squeeze(0))
case("correlate2d(x, g)", {"x": x, "g": gy}, conv_kernel_grad(F.conv2d, x, k, gy))

# pools: x [2, 5, 5], k 2 (stride 2: one position past the last window on each axis), and k 3 stride 1
x = rand(2, 5, 5)
gy = rand(2, 2, 2)
case("avg_pool2d_grad(g, 2, output_padding = 1)", {"g": gy}, input_grad(lambda t: F.avg_pool2d(t, 2), x, gy))
case("max_pool2d_grad(x, g, 2)", {"x": x, "g": gy}, input_grad(lambda t: F.max_pool2d(t, 2), x, gy))
gy = rand(2, 3, 3)
case("max_pool2d_grad(x, g, 3, 1)", {"x": x, "g": gy}, input_grad(lambda t: F.max_pool2d(t, 3, 1), x, gy))

# embedding: E [5, 3], tokens [6] with repeats
tokens = torch.tensor([1, 3, 1, 0, 4, 1])
gy = rand(6, 3)
E = rand(5, 3).requires_grad_(True)
F.embedding(tokens, E).backward(gy)
case("embedding_grad(g, tokens)", {"g": gy, "tokens": tokens.double()}, E.grad, classes={"tokens": 5})

# sums along each axis of a rank-4 tensor
x = rand(2, 3, 2, 4)
for axis in range(4):
    case(f"sum(x, {axis})", {"x": x}, x.sum(axis))
    case(f"mean(x, {axis})", {"x": x}, x.mean(axis))

os.makedirs(os.path.dirname(OUT), exist_ok=True)
with open(OUT, "w") as f:
    json.dump({"torch": torch.__version__, "cases": cases}, f, indent=1)
print(len(cases), "cases, torch", torch.__version__)
