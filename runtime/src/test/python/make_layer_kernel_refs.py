#!/usr/bin/python3
"""PyTorch float64 references for the runtime's layer kernels (dev.gradus.runtime.layers).

Writes runtime/src/test/resources/layer_kernel_refs.json: for each case, the sizes, random inputs, the
output of F.conv1d / F.conv2d / F.max_pool1d / F.max_pool2d / F.avg_pool1d / F.avg_pool2d, and the
gradients autograd gives for a random output gradient dy (the loss sum(y * dy)). Every tensor is
flat, row-major, batch first. Max pooling cases draw small integers, so windows hold ties (the
gradient must go to the first maximum), and also record PyTorch's indices (return_indices).

Run from anywhere with the Python that has torch (apt-get install python3-torch: /usr/bin/python3):
    /usr/bin/python3 runtime/src/test/python/make_layer_kernel_refs.py
The output is deterministic (fixed seed) and committed; LayerReferenceTest reads it.
"""
import json
import os

import torch
import torch.nn.functional as F

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "resources", "layer_kernel_refs.json")

# conv2d: batch, C, H, W, O, kh, kw, stride, padding, bias
CONV2D = [
    (2, 1, 5, 5, 1, 3, 3, 1, 0, True),      # the smallest
    (3, 3, 7, 6, 4, 3, 2, 2, 1, True),      # stride 2, padding 1, non-square input and kernel
    (2, 2, 8, 5, 5, 1, 1, 1, 0, False),     # 1x1, stride 1, no padding: no im2col; no bias
    (2, 2, 9, 11, 3, 3, 3, 2, 0, True),     # odd sizes, stride 2
    (1, 4, 6, 7, 2, 5, 5, 1, 2, True),      # padding 2, a kernel as large as most of the image
    (2, 3, 5, 5, 2, 1, 1, 2, 1, True),      # 1x1 with stride and padding: im2col after all
    (2, 2, 10, 13, 3, 4, 4, 3, 1, False),   # stride 3: windows that skip input
    (2, 2, 2, 3, 3, 3, 3, 1, 1, True),      # kernel larger than the input, padding makes room
    (2, 6, 9, 8, 8, 3, 3, 1, 1, True),      # a CNN's second layer, scaled down
]
# conv1d: batch, C, L, O, k, stride, padding, bias
CONV1D = [
    (2, 1, 7, 1, 3, 1, 0, True),
    (3, 3, 10, 4, 3, 2, 1, True),
    (2, 2, 9, 5, 1, 1, 0, False),
    (2, 4, 13, 3, 5, 3, 2, True),
    (2, 2, 2, 2, 3, 1, 1, False),
    (1, 6, 16, 8, 4, 2, 0, True),
]
# pool2d: kind, batch, C, H, W, k, stride
POOL2D = [
    ("max", 2, 3, 6, 6, 2, 2),
    ("max", 2, 2, 7, 5, 3, 2),   # overlapping windows: one input can be the maximum of two
    ("max", 2, 2, 5, 9, 2, 3),   # windows with gaps between them
    ("max", 1, 3, 5, 4, 3, 1),
    ("max", 2, 2, 7, 7, 3, 3),   # the last row and column dropped
    ("avg", 2, 3, 6, 6, 2, 2),
    ("avg", 2, 2, 7, 5, 3, 2),
    ("avg", 2, 2, 5, 9, 2, 3),
    ("avg", 1, 3, 5, 4, 3, 1),
]
# pool1d: kind, batch, C, L, k, stride
POOL1D = [
    ("max", 2, 3, 8, 2, 2),
    ("max", 2, 2, 9, 3, 2),
    ("max", 2, 2, 11, 2, 3),
    ("max", 1, 3, 6, 3, 1),
    ("avg", 2, 3, 8, 2, 2),
    ("avg", 2, 2, 9, 3, 2),
    ("avg", 1, 3, 7, 4, 1),
]


def flat(t):
    return [float(v) for v in t.detach().reshape(-1).tolist()]


def conv_case(g, dim, batch, c, spatial, o, ks, stride, padding, bias):
    x = torch.randn(batch, c, *spatial, dtype=torch.float64, generator=g, requires_grad=True)
    k = (torch.randn(o, c, *ks, dtype=torch.float64, generator=g) * 0.5).requires_grad_(True)
    b = torch.randn(o, dtype=torch.float64, generator=g, requires_grad=True) if bias else None
    conv = F.conv1d if dim == 1 else F.conv2d
    y = conv(x, k, b, stride=stride, padding=padding)
    dy = torch.randn(y.shape, dtype=torch.float64, generator=g)
    (y * dy).sum().backward()
    case = {"op": "conv%dd" % dim, "batch": batch, "c": c, "o": o, "stride": stride, "padding": padding,
            "outShape": list(y.shape[1:]),
            "x": flat(x), "kernel": flat(k), "y": flat(y), "dy": flat(dy), "dx": flat(x.grad), "dkernel": flat(k.grad)}
    if dim == 1:
        case.update(l=spatial[0], k=ks[0])
    else:
        case.update(h=spatial[0], w=spatial[1], kh=ks[0], kw=ks[1])
    if bias:
        case.update(bias=flat(b), dbias=flat(b.grad))
    return case


def pool_case(g, kind, dim, batch, c, spatial, k, stride):
    if kind == "max":
        # small integers: windows with ties, exact in float too
        x = torch.randint(0, 4, (batch, c, *spatial), generator=g).to(torch.float64).requires_grad_(True)
    else:
        x = torch.randn(batch, c, *spatial, dtype=torch.float64, generator=g, requires_grad=True)
    case = {"op": "%s_pool%dd" % (kind, dim), "batch": batch, "c": c, "k": k, "stride": stride}
    if kind == "max":
        pool = F.max_pool1d if dim == 1 else F.max_pool2d
        y, idx = pool(x, k, stride, return_indices=True)
        case["argmax"] = [int(v) for v in idx.reshape(-1).tolist()]
    else:
        pool = F.avg_pool1d if dim == 1 else F.avg_pool2d
        y = pool(x, k, stride)
    dy = torch.randn(y.shape, dtype=torch.float64, generator=g)
    (y * dy).sum().backward()
    if dim == 1:
        case.update(l=spatial[0])
    else:
        case.update(h=spatial[0], w=spatial[1])
    case.update(outShape=list(y.shape[1:]), x=flat(x), y=flat(y), dy=flat(dy), dx=flat(x.grad))
    return case


def main():
    g = torch.Generator().manual_seed(21)
    cases = []
    for batch, c, h, w, o, kh, kw, s, p, bias in CONV2D:
        cases.append(conv_case(g, 2, batch, c, (h, w), o, (kh, kw), s, p, bias))
    for batch, c, l, o, k, s, p, bias in CONV1D:
        cases.append(conv_case(g, 1, batch, c, (l,), o, (k,), s, p, bias))
    for kind, batch, c, h, w, k, s in POOL2D:
        cases.append(pool_case(g, kind, 2, batch, c, (h, w), k, s))
    for kind, batch, c, l, k, s in POOL1D:
        cases.append(pool_case(g, kind, 1, batch, c, (l,), k, s))
    with open(OUT, "w") as f:
        json.dump({"generator": "runtime/src/test/python/make_layer_kernel_refs.py", "torch": torch.__version__, "cases": cases}, f)
        f.write("\n")
    print("wrote %d cases to %s" % (len(cases), os.path.normpath(OUT)))


if __name__ == "__main__":
    main()
