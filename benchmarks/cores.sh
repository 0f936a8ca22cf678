#!/usr/bin/env bash
# The measurements for the 16-core table (README, docs/PERFORMANCE.md "Every core"), in one run on a machine that may have no Maven
# (the 16-core device machine had none, and no Java): the FMA peak (FmaPeak), subnormals (SubnormalBenchmark), the plain JVM
# against the Vector API (Throughput without and with --add-modules jdk.incubator.vector), the wide
# MLP at 1 to 16 threads, ChoiceCheck for the workloads CHOICES names (none by default), then compare.sh in float. It needs benchmarks/target/benchmarks.jar and a
# java: JAVA, else a JDK at ./jdk, else java on the PATH. Such a JDK, small enough to carry:
#   jlink --add-modules java.base,jdk.incubator.vector,java.management,jdk.management,java.logging \
#         --strip-debug --no-header-files --no-man-pages --compress=2 --output jdk
# (Java 17's jlink; 36 MB. ./jdk is git-ignored: name it and benchmarks/target/benchmarks.jar, 4.5 MB, in the device tool's carry.)
# Usage: benchmarks/cores.sh [SECONDS per Throughput run, default 1.5] [SECONDS per compare.sh measurement]
# What it prints also goes to $OUT/log.txt, and what each trainer says it runs on to $OUT/execution.txt.
set -uo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
s="${1:-1.5}"; cs="${2:-$s}"
out="${OUT:-/tmp/gradus-cores}"; mkdir -p "$out"
J="${JAVA:-}"
[ -n "$J" ] || { [ -x "$root/jdk/bin/java" ] && J="$root/jdk/bin/java"; } || J=java
[ -n "$J" ] || J=java
JAR="$root/benchmarks/target/benchmarks.jar"
export PYTHONUNBUFFERED=1
{
echo "== machine"; nproc; grep -m1 'model name' /proc/cpuinfo; grep -m1 -ow -e avx512f /proc/cpuinfo
echo "== FMA peak, GFLOP/s float (FmaPeak: one thread, every core)"
timeout 60 "$J" --add-modules jdk.incubator.vector -cp "$JAR" dev.gradus.benchmarks.FmaPeak 1 2>/dev/null
timeout 60 "$J" --add-modules jdk.incubator.vector -cp "$JAR" dev.gradus.benchmarks.FmaPeak 2>/dev/null
echo "== subnormals"; timeout 60 "$J" -cp "$JAR" dev.gradus.benchmarks.SubnormalBenchmark 1
echo "== plain JVM against the Vector API (steps/s, float, default threads)"
for w in mlp784 mlp256 wide; do
  p=$(timeout 60 "$J" -cp "$JAR" dev.gradus.benchmarks.Throughput $w float $s 2>>"$out/execution.txt")
  v=$(timeout 60 "$J" --add-modules jdk.incubator.vector -cp "$JAR" dev.gradus.benchmarks.Throughput $w float $s 2>>"$out/execution.txt")
  echo "$w plain: $p vector: $v"
done
echo "== wide by threads (vector)"
for t in 1 2 4 8 16; do
  echo "threads $t: $(timeout 60 "$J" --add-modules jdk.incubator.vector -Dgradus.threads=$t -cp "$JAR" dev.gradus.benchmarks.Throughput wide float $s 2>>"$out/execution.txt")"
done
for w in ${CHOICES:-}; do # CHOICES="wide mlp256": whether the threads and split chosen are the fastest (one JVM, ~2 min each)
  echo "== choices: $w (ChoiceCheck)"
  timeout 300 "$J" --add-modules jdk.incubator.vector -cp "$JAR" dev.gradus.benchmarks.ChoiceCheck $w 0.5 8 2>/dev/null
done
echo "== compare.sh"
PRECISIONS=float JAVA="$J" PEERS_PYTHON="${PEERS_PYTHON:-$(command -v python3)}" GRADUS_LOG="$out/execution.txt" \
    bash "$root/benchmarks/compare.sh" "$cs" ${WL:-}
echo "== end"
} 2>&1 | tee "$out/log.txt"
