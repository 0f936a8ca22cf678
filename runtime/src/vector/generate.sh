#!/bin/sh
# Writes the kernels that differ from a hand-written one only in precision or vector width:
# PlainDouble from PlainFloat, VectorFloat512 / VectorDouble256 / VectorDouble512 from VectorFloat256
# and GemmFloat512 / GemmDouble256 / GemmDouble512 from GemmFloat256 (the Vector API needs a constant
# species per class), GemmBlocksFloat512 / ... from GemmBlocksFloat256, PackedBlocksFloat512 / ... from PackedBlocksFloat256, PackedEightsFloat512 / ... from PackedEightsFloat256 and TransposeFloat512 / ... from
# TransposeFloat256 likewise, and ExpFloat512 from ExpFloat256. Run after editing those.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
main="$here/../main/java/dev/gradus/runtime/kernel"
vec="$here/java/dev/gradus/runtime/kernel"
note() { sed -e "1a\\
// Generated from $1 by runtime/src/vector/generate.sh: edit that file and run the script."; }
sed -e 's/float/double/g; s/Float/Double/g' "$main/PlainFloat.java" | note PlainFloat.java > "$main/PlainDouble.java"
for k in Vector Gemm GemmBlocks PackedBlocks PackedEights Transpose; do
  sed -e 's/256/512/g' "$vec/${k}Float256.java" | note ${k}Float256.java > "$vec/${k}Float512.java"
  for bits in 256 512; do
    sed -e 's/float/double/g; s/Float/Double/g; s/256/'$bits'/g' "$vec/${k}Float256.java" | note ${k}Float256.java > "$vec/${k}Double$bits.java"
  done
done
sed -e 's/256/512/g' "$vec/ExpFloat256.java" | note ExpFloat256.java > "$vec/ExpFloat512.java"
# The convolution and pooling layers (dev.gradus.runtime.layers): ConvDouble and PoolDouble from the float files.
layers="$here/../main/java/dev/gradus/runtime/layers"
for f in Conv Pool; do
  sed -e 's/float/double/g; s/Float/Double/g' "$layers/${f}Float.java" | note ${f}Float.java > "$layers/${f}Double.java"
done
