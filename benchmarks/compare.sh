#!/usr/bin/env bash
# Gradus against the peers a user could pick instead, in one interleaved run on this machine, on
# any number of cores: the eight workloads (xor, simple_net, mlp784, mlp256, mlp64, wide:
# 784-1024-1024-10 at batch 256, cnn: 1x28x28 -> conv 3x3 16 -> max pool 2 -> conv 3x3 32 -> max
# pool 2 -> dense 10 at batch 64, and embed: 32 tokens of 5000 -> embedding 64 -> mean -> dense 64 ->
# 4 at batch 64; workloads.py), float and double, each peer at its best of 1 and all cores:
#   PyTorch 1.13  Debian's python3-torch (apt-get install python3-torch libopenblas0-pthread)
#   PyTorch 2     from the .peers virtual environment (below)
#   JAX jit       one jitted call per step (value_and_grad plus the optax update)
#   JAX scan      many steps compiled into one XLA program with jax.lax.scan: no Python between steps
# The peers install into a virtual environment at the checkout's root:
#   python3 -m venv .peers && .peers/bin/pip install --retries 0 jax jaxlib optax 'torch==2.13.0+cpu'
# or PEERS_PYTHON names a Python that has them (JAX runs on the CPU: JAX_PLATFORMS=cpu). JAVA names
# the java to run (default: java on the PATH); GRADUS_LOG a file that collects what each
# trainer says it runs on (its kernels and threads, chosen per task).
# A peer that is not installed is shown as "-" and left out. Gradus runs as the gradus launcher runs
# it (--add-modules jdk.incubator.vector) with its default threads (every core, -Dgradus.threads),
# and with -Dgradus.serial=true ("gradus 1t"), the two alternating, each the best of two runs. GFLOP/s counts forward, weight gradients and input gradients of every layer but the
# first (workloads.py); "peak" is the share of the machine's float FMA peak, measured by FmaPeak on
# every core (double: half of it). The last line is
#   ratios: xor=R simple_net=R mlp784=R mlp256=R mlp64=R wide=R cnn=R embed=R
# with R = Gradus's float throughput over the best peer's (same batch, so steps/s and examples/s agree).
# --busy runs everything with one extra CPU-bound process on the machine.
# Usage: benchmarks/compare.sh [--busy] [SECONDS per measurement, default 3] [WORKLOAD...]
# PRECISIONS="float" benchmarks/compare.sh ... measures one precision (default: float double).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
busy=false
if [ "${1:-}" = "--busy" ]; then busy=true; shift; fi
seconds="${1:-3}"
shift || true
workloads="${*:-xor simple_net mlp784 mlp256 mlp64 wide cnn embed}"
jar="$root/benchmarks/target/benchmarks.jar"
if [ ! -f "$jar" ]; then
    (cd "$root" && mvn -q -B -DskipTests package -pl maven-plugin,benchmarks -am) >&2
fi
cores=$(nproc)
peers="${PEERS_PYTHON:-$root/.peers/bin/python}"
java="${JAVA:-java}"
export JAX_PLATFORMS=cpu

# Each runner prints "steps/s examples/s GFLOP/s", or nothing when its peer is missing.
torch113() { [ -x /usr/bin/python3 ] && /usr/bin/python3 -c 'import torch' 2>/dev/null || return 0
             /usr/bin/python3 "$root/benchmarks/torch_workloads.py" "$@"; }
torch2()   { [ -x "$peers" ] && "$peers" -c 'import torch' 2>/dev/null || return 0
             "$peers" "$root/benchmarks/torch_workloads.py" "$@"; }
jax()      { [ -x "$peers" ] && "$peers" -c 'import jax, optax' 2>/dev/null || return 0
             "$peers" "$root/benchmarks/jax_workloads.py" "$@"; }
gradus()   { "$java" --add-modules jdk.incubator.vector "$@" 2>>"${GRADUS_LOG:-/dev/null}"; }
first()    { awk '{ print $1 }'; }
best()     { awk 'BEGIN { m = "" } { for (i = 1; i <= NF; i++) if ($i != "-" && (m == "" || $i + 0 > m + 0)) m = $i }
                  END { print (m == "" ? "-" : m) }'; }
or_dash()  { local v; v=$(cat); echo "${v:--}"; }

# The machine's FMA peak in GFLOP/s for float (double is half): measured by FmaPeak (FMA chains on
# every core, from registers), else cores x 2 FMA units x lanes x 2 x the clock lscpu names, which
# is often the base clock (2.1 GHz on the 2-core EPYC here, whose cores ran at ~3.3: 1.45x low).
peak=$(gradus -cp "$jar" dev.gradus.benchmarks.FmaPeak 2>/dev/null || true)
peak_how="measured"
if ! [[ "$peak" =~ ^[0-9.]+$ ]]; then
    lanes=4
    grep -qw avx2 /proc/cpuinfo && lanes=8
    grep -qw avx512f /proc/cpuinfo && lanes=16
    mhz=$(lscpu 2>/dev/null | awk -F: '/CPU max MHz/ { gsub(/ /, "", $2); print $2; exit }')
    [ -n "$mhz" ] || mhz=$(awk -F: '/cpu MHz/ { gsub(/ /, "", $2); print $2; exit }' /proc/cpuinfo)
    [ -n "$mhz" ] || mhz=0
    peak=$(awk -v c="$cores" -v l="$lanes" -v m="$mhz" 'BEGIN { printf "%.1f", c * 2 * l * 2 * m / 1000 }')
    peak_how="nominal"
fi

hog=""
if $busy; then
    ( while :; do :; done ) &
    hog=$!
    trap 'kill "$hog" 2>/dev/null || true' EXIT
fi
torch_version=$( (/usr/bin/python3 -c 'import torch; print(torch.__version__)' 2>/dev/null) || echo none)
torch2_version=$( ([ -x "$peers" ] && "$peers" -c 'import torch; print(torch.__version__)' 2>/dev/null) || echo none)
jax_version=$( ([ -x "$peers" ] && "$peers" -c 'import jax; print(jax.__version__)' 2>/dev/null) || echo none)
echo "# $(date -u +%Y-%m-%d), $cores cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')),"\
     "flags: $(grep -m1 -ow -e avx512f -e avx2 -e fma /proc/cpuinfo | sort -u | tr '\n' ' ')"
echo "# Java $("$java" -version 2>&1 | head -1 | cut -d'"' -f2), PyTorch 1.13 peer: $torch_version, PyTorch 2 peer: $torch2_version,"\
     "JAX: $jax_version; ${seconds} s a measurement; FMA peak ~$peak GFLOP/s float ($peak_how)$($busy && echo '; BUSY: one extra CPU-bound process')"
echo "# steps/s (peers: best of 1 and $cores threads)"
printf '%-10s %-6s %12s %12s %11s %11s %11s %11s %9s %6s %7s\n' workload type gradus "gradus 1t" "torch 1.13" "torch 2" "jax jit" "jax scan" "GFLOP/s" peak ratio
ratios=""
for precision in ${PRECISIONS:-float double}; do
    for w in $workloads; do
        # Gradus's two modes alternate twice, best of each: the run right after the previous
        # workload's peers measured up to 30% low on this shared host, whichever mode it was.
        g=""; gs=""
        for _ in 1 2; do
            g="$g$(gradus -cp "$jar" dev.gradus.benchmarks.Throughput "$w" "$precision" "$seconds")
"
            gs="$gs$(gradus -Dgradus.serial=true -cp "$jar" dev.gradus.benchmarks.Throughput "$w" "$precision" "$seconds" | first)
"
        done
        g=$(printf '%s' "$g" | sort -g -k1,1 | tail -1)
        gs=$(printf '%s' "$gs" | best)
        t1=$( (torch113 "$w" "$precision" "$seconds" 1; torch113 "$w" "$precision" "$seconds" "$cores") | first | best)
        j1=$( (jax "$w" "$precision" "$seconds" 1 jit; jax "$w" "$precision" "$seconds" "$cores" jit) | first | best)
        t2=$( (torch2 "$w" "$precision" "$seconds" 1; torch2 "$w" "$precision" "$seconds" "$cores") | first | best)
        j2=$( (jax "$w" "$precision" "$seconds" 1 scan; jax "$w" "$precision" "$seconds" "$cores" scan) | first | best)
        read -r gsteps _ gflops <<< "$g"
        bestpeer=$(echo "$t1 $t2 $j1 $j2" | best)
        ratio=$(awk -v g="$gsteps" -v p="$bestpeer" 'BEGIN { if (p == "-" || p == 0) print "-"; else printf "%.2f", g / p }')
        share=$(awk -v f="$gflops" -v p="$peak" -v d="$precision" 'BEGIN { q = (d == "double" ? p / 2 : p);
                    if (q > 0 && f > 0) printf "%.1f%%", 100 * f / q; else print "-" }')
        printf '%-10s %-6s %12s %12s %11s %11s %11s %11s %9s %6s %7s\n' "$w" "$precision" "$gsteps" "$(echo "$gs" | or_dash)" \
            "$t1" "$t2" "$j1" "$j2" "$gflops" "$share" "${ratio}x"
        if [ "$precision" = float ]; then ratios="$ratios $w=$ratio"; fi
    done
done
echo "ratios:$ratios"
