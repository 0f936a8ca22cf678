#!/usr/bin/env bash
# Gradus against PyTorch on this machine, in one run: the same four workloads, interleaved, float
# and double. Needs Debian's python3-torch (apt-get install python3-torch libopenblas0-pthread).
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
torch_version=$(/usr/bin/python3 -c 'import torch; print(torch.__version__, "threads", torch.get_num_threads())')
echo "# $(date -u +%Y-%m-%d) on $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')"
echo "# java $(java -version 2>&1 | head -1 | cut -d'"' -f2), PyTorch $torch_version, ${seconds}s a measurement"
printf '%-11s %-6s %14s %14s %12s %12s %9s %8s\n' workload type "torch steps/s" "gradus steps/s" "torch ex/s" "gradus ex/s" "GFLOP/s" ratio
ratios=""
for precision in float double; do
    for w in xor simple_net mlp784 mlp256; do
        read -r ts te tg < <(/usr/bin/python3 "$root/benchmarks/torch_workloads.py" "$w" "$precision" "$seconds")
        read -r gs ge gg < <(java -cp "$jar" dev.gradus.benchmarks.Throughput "$w" "$precision" "$seconds")
        ratio=$(awk -v g="$gs" -v t="$ts" 'BEGIN { printf "%.1f", g / t }')
        printf '%-11s %-6s %14s %14s %12s %12s %9s %8s\n' "$w" "$precision" "$ts" "$gs" "$te" "$ge" "$gg" "${ratio}x"
        if [ "$precision" = float ]; then ratios="$ratios $w=$ratio"; fi
    done
done
echo "ratios:$ratios"
