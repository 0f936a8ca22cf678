#!/usr/bin/env bash
# Gradus against PyTorch on this machine, in one run: the same four workloads, interleaved, float
# and double. PyTorch runs with 1 thread and with every core, and the faster counts: on small
# machines its threading can cost more than it gains. Gradus uses both cores for large batches.
# Needs Debian's python3-torch (apt-get install python3-torch libopenblas0-pthread).
# Usage: benchmarks/compare.sh [SECONDS per measurement, default 3]
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
seconds="${1:-3}"
jar="$root/benchmarks/target/benchmarks.jar"
if [ ! -f "$jar" ]; then
    (cd "$root" && mvn -q -B -DskipTests install -pl benchmarks -am) >&2
fi
if ! /usr/bin/python3 -c 'import torch' 2>/dev/null; then
    echo "compare.sh needs PyTorch for /usr/bin/python3: apt-get install python3-torch libopenblas0-pthread" >&2
    exit 1
fi
cores=$(nproc)
torch_version=$(/usr/bin/python3 -c 'import torch; print(torch.__version__)')
echo "# $(date -u +%Y-%m-%d), $cores cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')),"
echo "# Java $(java -version 2>&1 | head -1 | cut -d'"' -f2), PyTorch $torch_version (best of 1 and $cores threads), ${seconds} s a measurement"
printf '%-11s %-6s %13s %13s %14s %13s %13s %8s %7s\n' workload type "torch 1t st/s" "torch ${cores}t st/s" "gradus st/s" "torch ex/s" "gradus ex/s" "GFLOP/s" ratio
ratios=""
for precision in float double; do
    for w in xor simple_net mlp784 mlp256; do
        read -r t1 _ _ < <(/usr/bin/python3 "$root/benchmarks/torch_workloads.py" "$w" "$precision" "$seconds" 1)
        read -r gs ge gg < <(java -cp "$jar" dev.gradus.benchmarks.Throughput "$w" "$precision" "$seconds")
        read -r tn _ _ < <(/usr/bin/python3 "$root/benchmarks/torch_workloads.py" "$w" "$precision" "$seconds" "$cores")
        best=$(awk -v a="$t1" -v b="$tn" 'BEGIN { print (a > b ? a : b) }')
        batch=$(case "$w" in mlp*) echo 64;; *) echo 4;; esac)
        te=$(awk -v s="$best" -v b="$batch" 'BEGIN { printf "%.1f", s * b }')
        ratio=$(awk -v g="$gs" -v t="$best" 'BEGIN { printf "%.1f", g / t }')
        printf '%-11s %-6s %13s %13s %14s %13s %13s %8s %7s\n' "$w" "$precision" "$t1" "$tn" "$gs" "$te" "$ge" "$gg" "${ratio}x"
        if [ "$precision" = float ]; then ratios="$ratios $w=$ratio"; fi
    done
done
echo "ratios:$ratios"
