#!/usr/bin/env bash
# Short runs, where the JIT's warm-up is most of the time (issue 22 item 3): `gradus train` of the
# digits 64-128-10 MLP for 30 epochs (benchmarks/short/digits.net) against PyTorch 1.13 on one thread
# doing the same run (benchmarks/short/torch_digits.py), in the same run of this script. Variants:
#   gradus              the launcher as it is
#   gradus, no warm-up  -Dgradus.warmup=false: without stepping a throwaway trainer while the data is read
#   gradus, plain       -Dgradus.kernels=plain: the plain-Java kernels (other bits than vector ones)
#   gradus, calibrating a new kernel-choice folder every run: what the first run on a machine pays
#   PyTorch 1.13, 1t    the same run in PyTorch, import and data included
# The variants take turns, ROUNDS times (default 5), so that a busy machine slows them alike; each
# line gives the median and best wall time and CPU time (user + system, the JIT's threads included)
# of the whole command in seconds. The trainer cache is warmed first, so javac's compile of the
# generated class is not counted.
# Usage: benchmarks/short_run.sh [EPOCHS, default 30]
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
dir="$root/benchmarks/short"
epochs="${1:-30}"
rounds="${ROUNDS:-5}"
[ -f "$dir/digits.csv" ] || /usr/bin/python3 "$dir/make_digits.py"
"$root/gradus" train "$dir/digits.net" --epochs 1 --quiet >/dev/null   # builds the tool and caches the trainer
"$root/gradus" train "$dir/digits.net" --epochs 1 --quiet >/dev/null   # a run that maps the class archive
fresh="$(mktemp -d "${TMPDIR:-/tmp}/gradus-kernels.XXXXXX")"
times="$(mktemp "${TMPDIR:-/tmp}/gradus-times.XXXXXX")"
results="$(mktemp "${TMPDIR:-/tmp}/gradus-short.XXXXXX")"
trap 'rm -rf "$fresh" "$times" "$results"' EXIT
net="$dir/digits.net"
variants=(
    "gradus|$root/gradus train $net --epochs $epochs --quiet"
    "gradus, no warm-up|JAVA_TOOL_OPTIONS=-Dgradus.warmup=false $root/gradus train $net --epochs $epochs --quiet"
    "gradus, plain|JAVA_TOOL_OPTIONS=-Dgradus.kernels=plain $root/gradus train $net --epochs $epochs --quiet"
    "gradus, calibrating|JAVA_TOOL_OPTIONS=-Dgradus.kernels.remember=$fresh/\$RANDOM $root/gradus train $net --epochs $epochs --quiet"
)
if /usr/bin/python3 -c 'import torch' 2>/dev/null; then
    variants+=("PyTorch 1.13, 1t|/usr/bin/python3 $dir/torch_digits.py $epochs")
fi
for _ in $(seq "$rounds"); do
    for v in "${variants[@]}"; do
        /usr/bin/time -o "$times" -f "%e %U %S" bash -c "${v#*|}" >/dev/null 2>&1
        read -r wall user sys <"$times"
        printf '%s|%s|%s\n' "${v%%|*}" "$wall" "$(echo "$user + $sys" | bc)" >>"$results"
    done
done
printf '%-22s %14s %14s   (%s rounds, %s epochs; seconds)\n' "" "wall med/best" "cpu med/best" "$rounds" "$epochs"
for v in "${variants[@]}"; do
    name="${v%%|*}"
    stats() { awk -F'|' -v n="$name" -v f="$1" '$1 == n {print $f}' "$results" | sort -n | awk '{a[NR]=$1} END {printf "%6.2f %6.2f", a[int((NR+1)/2)], a[1]}'; }
    printf '%-22s %14s %14s\n' "$name" "$(stats 2)" "$(stats 3)"
done
