"""The JAX half of compare.sh: the five workloads with optax, in two styles. `jit`: one jitted
call per step (value_and_grad plus the optax update), driven from Python. `scan`: as an expert
writes a training loop, many steps compiled into ONE XLA program with jax.lax.scan, so no Python
runs between steps. Both cycle through the batches Gradus's benchmark cycles through (Throughput.java:
16 batches for the MLPs, 4 for the wide one, one for the tiny models), so that every peer reads its steps' data from memory.
Usage: jax_workloads.py WORKLOAD float|double SECONDS THREADS jit|scan.
Prints: steps/s examples/s GFLOP/s (flops as workloads.py counts them)."""
import os, sys, time
workload, precision, seconds, threads, style = sys.argv[1], sys.argv[2], float(sys.argv[3]), int(sys.argv[4]), sys.argv[5]
if threads == 1:  # XLA's CPU threads are fixed when it starts: set before importing jax
    os.environ["XLA_FLAGS"] = (os.environ.get("XLA_FLAGS", "") +
                               " --xla_cpu_multi_thread_eigen=false intra_op_parallelism_threads=1").strip()
import jax, jax.numpy as jnp, optax
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from workloads import WORKLOADS, flops_per_example

if precision == "double":
    jax.config.update("jax_enable_x64", True)
dtype = jnp.float32 if precision == "float" else jnp.float64
w = WORKLOADS[workload]
sizes, batch = w["sizes"], w["batch"]
key = jax.random.PRNGKey(0)
params = []
for i in range(len(sizes) - 1):
    key, k1, k2 = jax.random.split(key, 3)
    bound = 1 / sizes[i] ** 0.5
    params.append((jax.random.uniform(k1, (sizes[i + 1], sizes[i]), dtype, -bound, bound),
                   jax.random.uniform(k2, (sizes[i + 1],), dtype, -bound, bound)))
key, kx, ky = jax.random.split(key, 3)
batches = 16 if workload.startswith("mlp") else 4 if workload == "wide" else 1
xs = jax.random.normal(kx, (batches, batch, sizes[0]), dtype)
if w["loss"] == "ce":
    ys = jax.random.randint(ky, (batches, batch), 0, sizes[-1])
else:
    ys = jax.random.uniform(ky, (batches, batch, sizes[-1]), dtype)
hidden = {"tanh": jnp.tanh, "relu": jax.nn.relu}[w["hidden"]]

def loss_fn(params, x, y):
    h = x
    for i, (W, b) in enumerate(params):
        h = h @ W.T + b
        if i < len(params) - 1:
            h = hidden(h)
    if w["output"] == "sigmoid":
        h = jax.nn.sigmoid(h)
    elif w["output"] == "relu":
        h = jax.nn.relu(h)
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
