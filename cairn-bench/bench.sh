#!/usr/bin/env bash
# Runs the cairn-bench load generator; builds the module first when its jar is missing or stale.
#   cairn-bench/bench.sh --url http://127.0.0.1:5000 --clients 8 --duration 20
set -euo pipefail
module="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(dirname "$module")"
. "$root/.mvn/find-jdk.sh"

jar="$module/target/cairn-bench-0.1.0-SNAPSHOT.jar"
if [ ! -f "$jar" ] || [ ! -d "$module/target/lib" ] || \
   [ -n "$(find "$module/src/main" "$module/pom.xml" -type f -newer "$jar" -print -quit)" ]; then
  echo "cairn-bench: building..." >&2
  (cd "$root" && ./mvnw -B -q -pl cairn-bench package -DskipTests) >&2
fi
exec "$JAVA_HOME/bin/java" ${BENCH_JAVA_OPTS:-} -cp "$jar:$module/target/lib/*" dev.cairn.bench.LoadGenerator "$@"
