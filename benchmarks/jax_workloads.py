"""The JAX half of compare.sh: the workloads of workloads.py with optax, in two styles. `jit`: one jitted
call per step (value_and_grad plus the optax update), driven from Python. `scan`: as an expert
writes a training loop, many steps compiled into ONE XLA program with jax.lax.scan, so no Python
runs between steps. Both cycle through the batches Gradus's benchmark cycles through (Throughput.java:
16 batches for the MLPs, the CNN and the embedding model, 4 for the wide one, one for the tiny models), so that every peer reads its steps' data from memory.
Usage: jax_workloads.py WORKLOAD float|double SECONDS THREADS jit|scan.
Prints: steps/s examples/s GFLOP/s (flops as workloads.py counts them)."""
import os, sys, time
workload, precision, seconds, threads, style = sys.argv[1], sys.argv[2], float(sys.argv[3]), int(sys.argv[4]), sys.argv[5]
if threads == 1:  # XLA's CPU threads are fixed when it starts: set before importing jax
    os.environ["XLA_FLAGS"] = (os.environ.get("XLA_FLAGS", "") +
                               " --xla_cpu_multi_thread_eigen=false intra_op_parallelism_threads=1").strip()
# XLA's flags alone did not keep it to one core (a jitted matmul used 1.8-1.9 cores of two, 2026-12-07):
# the process is pinned to as many of its CPUs as THREADS asks, so a "one thread" figure is one core's
# (where the OS lets a process pin itself: Linux; elsewhere the flags alone).
if hasattr(os, "sched_setaffinity"):
    cpus = sorted(os.sched_getaffinity(0))
    if threads < len(cpus):
        os.sched_setaffinity(0, cpus[:threads])
import jax, jax.numpy as jnp, optax
from jax import lax
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from workloads import WORKLOADS, flops_per_example, kind, batches as batches_of

if precision == "double":
    jax.config.update("jax_enable_x64", True)
dtype = jnp.float32 if precision == "float" else jnp.float64
w = WORKLOADS[workload]
batch = w["batch"]
batches = batches_of(workload)
key = jax.random.PRNGKey(0)

def uniform(key, shape, fan_in):  # PyTorch's default initialization of Linear and Conv2d
    bound = 1 / fan_in ** 0.5
    return jax.random.uniform(key, shape, dtype, -bound, bound)

if kind(workload) == "cnn":
    key, k1, k2, k3, k4, k5, k6, kx, ky = jax.random.split(key, 9)
    c, n, classes = w["channels"], w["image"], w["classes"]
    flat = c[2] * (n // 4) ** 2
    params = [(uniform(k1, (c[1], c[0], 3, 3), c[0] * 9), uniform(k2, (c[1],), c[0] * 9)),
              (uniform(k3, (c[2], c[1], 3, 3), c[1] * 9), uniform(k4, (c[2],), c[1] * 9)),
              (uniform(k5, (classes, flat), flat), uniform(k6, (classes,), flat))]
    xs = jax.random.normal(kx, (batches, batch, c[0], n, n), dtype)

    def conv_relu_pool(h, K, b):
        h = lax.conv_general_dilated(h, K, (1, 1), ((1, 1), (1, 1)), dimension_numbers=("NCHW", "OIHW", "NCHW"))
        h = jax.nn.relu(h + b[None, :, None, None])
        return lax.reduce_window(h, -jnp.inf, lax.max, (1, 1, 2, 2), (1, 1, 2, 2), "VALID")

    def logits(params, x):
        (K1, b1), (K2, b2), (W, b) = params
        h = conv_relu_pool(conv_relu_pool(x, K1, b1), K2, b2)
        return h.reshape(h.shape[0], -1) @ W.T + b
elif kind(workload) == "embed":
    key, k1, k2, k3, k4, k5, kx, ky = jax.random.split(key, 8)
    classes = w["classes"]
    params = [jax.random.normal(k1, (w["vocab"], w["dim"]), dtype),
              (uniform(k2, (w["hidden"], w["dim"]), w["dim"]), uniform(k3, (w["hidden"],), w["dim"])),
              (uniform(k4, (classes, w["hidden"]), w["hidden"]), uniform(k5, (classes,), w["hidden"]))]
    xs = jax.random.randint(kx, (batches, batch, w["tokens"]), 0, w["vocab"])

    def logits(params, tokens):
        E, (W1, b1), (W2, b2) = params
        h = E[tokens].mean(1)
        return jax.nn.relu(h @ W1.T + b1) @ W2.T + b2
else:
    sizes = w["sizes"]
    classes = sizes[-1]
    params = []
    for i in range(len(sizes) - 1):
        key, k1, k2 = jax.random.split(key, 3)
        params.append((uniform(k1, (sizes[i + 1], sizes[i]), sizes[i]), uniform(k2, (sizes[i + 1],), sizes[i])))
    key, kx, ky = jax.random.split(key, 3)
    xs = jax.random.normal(kx, (batches, batch, sizes[0]), dtype)
    hidden = {"tanh": jnp.tanh, "relu": jax.nn.relu}[w["hidden"]]

    def logits(params, x):
        h = x
        for i, (W, b) in enumerate(params):
            h = h @ W.T + b
            if i < len(params) - 1:
                h = hidden(h)
        if w["output"] == "sigmoid":
            h = jax.nn.sigmoid(h)
        elif w["output"] == "relu":
            h = jax.nn.relu(h)
        return h
if w["loss"] == "ce":
    ys = jax.random.randint(ky, (batches, batch), 0, classes)
else:
    ys = jax.random.uniform(ky, (batches, batch, classes), dtype)

def loss_fn(params, x, y):
    h = logits(params, x)
    if w["loss"] == "ce":
        return optax.softmax_cross_entropy_with_integer_labels(h, y).mean()
    if w["loss"] == "bce":
        p = jnp.clip(h, 1e-12, 1 - 1e-12)
        return -(y * jnp.log(p) + (1 - y) * jnp.log(1 - p)).mean()
    return ((h - y) ** 2).mean()

opt_name, lr, momentum = w["optimizer"]
opt = optax.adam(lr) if opt_name == "adam" else optax.sgd(lr, momentum=momentum or None)
state = opt.init(params)

def step(carry, i):
    params, state, xs, ys = carry
    loss, grads = jax.value_and_grad(loss_fn)(params, xs[i % batches], ys[i % batches])
    updates, state = opt.update(grads, state, params)
    return (optax.apply_updates(params, updates), state, xs, ys), loss

if style == "jit":
    one = jax.jit(lambda p, s, i: step((p, s, xs, ys), i))
    def run(duration, p, s):
        steps, start = 0, time.perf_counter()
        while time.perf_counter() - start < duration:
            for _ in range(8):
                (p, s, _, _), loss = one(p, s, steps % batches)
                steps += 1
            loss.block_until_ready()
        return steps / (time.perf_counter() - start), p, s
else:
    per_call = 256 if batch <= 4 else 32
    many = jax.jit(lambda p, s, x, y: jax.lax.scan(step, (p, s, x, y), jnp.arange(per_call)))
    def run(duration, p, s):
        steps, start = 0, time.perf_counter()
        while time.perf_counter() - start < duration:
            (p, s, _, _), losses = many(p, s, xs, ys)
            losses.block_until_ready()
            steps += per_call
        return steps / (time.perf_counter() - start), p, s

_, params, state = run(max(0.5, seconds / 2), params, state)  # includes compilation
sps, _, _ = run(seconds, params, state)
print("%.1f %.1f %.3f" % (sps, sps * batch, flops_per_example(workload) * sps * batch / 1e9))
