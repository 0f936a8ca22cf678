#!/usr/bin/env bash
# Trains examples/softmax_classifier.net on Spark in local[*] mode with spark-submit's own entry point
# (org.apache.spark.deploy.SparkSubmit, from Maven's copy of Spark), on a generated data set of
# N examples (default 200000): three noisy blobs in 4 dimensions, like examples/blobs.csv.
# Usage: spark/example.sh [N [gradus-spark options; default: --batch 1024 --epochs 3]], e.g. spark/example.sh 200000 --batch 64 --average 50
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-200000}
shift || true
if [ $# -eq 0 ]; then
  set -- --batch 1024 --epochs 3
fi
out=spark/target/example
mkdir -p "$out"
# the shaded jar, and Spark's class path (each module writes its own, spark's is the one used)
mvn -B -q -pl spark -am package dependency:build-classpath -DskipTests \
  -Dmdep.includeScope=provided -Dmdep.outputFile=target/example/spark.classpath
awk -v n="$n" 'BEGIN {
  srand(7); print "x[0],x[1],x[2],x[3],label";
  for (i = 0; i < n; i++) {
    c = i % 3; line = "";
    for (k = 0; k < 4; k++) {
      v = (k == c ? 2 : (k == 3 ? c - 1 : 0)) + sqrt(-2 * log(1 - rand())) * cos(6.283185307179586 * rand());
      line = line sprintf("%.4f,", v);
    }
    print line c;
  }
}' > "$out/blobs.csv"
export SPARK_LOCAL_IP=127.0.0.1
opens=$(sed -n 's:.*<spark.jvm.options>\(-.*\)</spark.jvm.options>.*:\1:p' spark/pom.xml | head -1)
# shellcheck disable=SC2086
exec java $opens -cp "$(cat "$out/spark.classpath")" org.apache.spark.deploy.SparkSubmit \
  --master 'local[*]' --conf spark.driver.host=127.0.0.1 --conf spark.driver.bindAddress=127.0.0.1 \
  --conf spark.ui.enabled=false --conf spark.log.level=WARN --class dev.gradus.spark.SparkTrain spark/target/gradus-spark.jar \
  examples/softmax_classifier.net --data "$out/blobs.csv" "$@"
