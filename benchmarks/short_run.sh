#!/usr/bin/env bash
# Short runs, where the JIT's warm-up is most of the time (issue 22 item 3): `gradus train` of the
# digits 64-128-10 MLP for 30 epochs (benchmarks/short/digits.net), as the launcher runs it and with
# JIT settings that may start faster, against PyTorch 1.13 on one thread doing the same run. Each
# number is the wall time of the whole command in seconds, the best of RUNS (default 3); measure on
# a quiet machine (a busy one measures the other processes). The trainer cache is warmed first, so
# javac's compile of the generated class is not counted.
# Usage: benchmarks/short_run.sh [EPOCHS, default 30]
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
dir="$root/benchmarks/short"
epochs="${1:-30}"
runs="${RUNS:-3}"
[ -f "$dir/digits.csv" ] || /usr/bin/python3 "$dir/make_digits.py"
"$root/gradus" train "$dir/digits.net" --epochs 1 --quiet >/dev/null   # builds the tool and caches the trainer
best() { sort -n | head -n 1; }
wall() { local s e; s=$(date +%s.%N); "$@" >/dev/null 2>&1; e=$(date +%s.%N); echo "$e - $s" | bc; }
measure() {
    local label="$1"; shift
    local t
    t=$(for _ in $(seq "$runs"); do wall "$@"; done | best)
    printf '%-34s %6.2f s\n' "$label" "$t"
}
measure "gradus (launcher defaults)" "$root/gradus" train "$dir/digits.net" --epochs "$epochs" --quiet
for flags in "-XX:TieredStopAtLevel=1" "-XX:CompileThresholdScaling=0.1" "-XX:-TieredCompilation"; do
    measure "gradus $flags" env JAVA_TOOL_OPTIONS="$flags" "$root/gradus" train "$dir/digits.net" --epochs "$epochs" --quiet
done
if /usr/bin/python3 -c 'import torch' 2>/dev/null; then
    measure "PyTorch 1.13, 1 thread" /usr/bin/python3 "$dir/torch_digits.py" "$epochs"
fi
