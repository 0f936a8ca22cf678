"""Reference trajectories from PyTorch (Debian's python3-torch) for .net models.

A case is a dict: name, a `forward(P, X, Y) -> per-example loss` function written
in torch, the parameter shapes, the data, the optimizer and the schedule. `run`
writes DATA.csv, INIT.safetensors, the expected per-epoch loss log and FINAL
parameters, in float64, so a trainer can be checked against PyTorch exactly.
"""
import csv, json, struct
import torch

def save_safetensors(path, tensors):
    header, blobs, off = {}, [], 0
    for name, t in tensors.items():
        t = t.detach().contiguous()
        dtype = {torch.float64: "F64", torch.float32: "F32"}[t.dtype]
        b = t.numpy().tobytes()
        header[name] = {"dtype": dtype, "shape": list(t.shape), "data_offsets": [off, off + len(b)]}
        blobs.append(b); off += len(b)
    h = json.dumps(header).encode()
    h += b" " * ((8 - len(h) % 8) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(h))); f.write(h)
        for b in blobs: f.write(b)

def columns(name, shape):
    """CSV column names of a field, row-major: x, x[i], x[i][j], x[c][i][j], ..."""
    import itertools
    if len(shape) == 0: return [name]
    return [name + "".join(f"[{i}]" for i in idx) for idx in itertools.product(*[range(d) for d in shape])]

def write_csv(path, fields):
    """fields: list of (name, tensor [N, ...] or int class tensor [N])"""
    n = fields[0][1].shape[0]
    header, cols = [], []
    for name, t in fields:
        header += columns(name, list(t.shape[1:]))
        cols.append(t.reshape(n, -1) if t.dim() > 1 else t.reshape(n, 1))
    with open(path, "w", newline="") as f:
        w = csv.writer(f); w.writerow(header)
        for i in range(n):
            row = []
            for c in cols:
                row += [str(int(v)) if c.dtype == torch.int64 else repr(float(v)) for v in c[i]]
            w.writerow(row)

def trajectory(forward, params, data, opt_factory, batch, epochs):
    """Mean-of-per-example-loss steps, unshuffled; returns per-epoch logged losses."""
    P = {k: v.clone().double().requires_grad_(True) for k, v in params.items()}
    opt = opt_factory(list(P.values()))
    n = next(iter(data.values())).shape[0]
    log = []
    for _ in range(epochs):
        losses = []
        for i in range(0, n, batch):
            b = {k: v[i:i + batch] for k, v in data.items()}
            opt.zero_grad()
            loss = forward(P, b).mean()
            loss.backward(); opt.step()
            losses.append(loss.item())
        log.append(sum(losses) / len(losses))
    return log, {k: v.detach() for k, v in P.items()}
