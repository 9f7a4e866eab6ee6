# Sourced by ./mvnw, ./cairn and .ci/run: makes JAVA_HOME point at a JDK >= 21.
# Order: JAVA_HOME if it is new enough, then the newest JDK under /usr/lib/jvm.
# Why: these machines default to JDK 17, and Cairn is built with --release 21.
cairn_java_major() {
  # prints the major version of the java binary given, or nothing
  "$1" -version 2>&1 | awk -F'"' '/version/ {split($2, v, "."); print (v[1] == "1" ? v[2] : v[1]); exit}'
}
cairn_find_jdk() {
  local candidate major best="" best_major=0
  if [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/javac" ]; then
    major=$(cairn_java_major "$JAVA_HOME/bin/java")
    if [ -n "$major" ] && [ "$major" -ge 21 ]; then return 0; fi
  fi
  # ./mvnw runs with `set -f`; globbing is needed here only.
  local glob_was_off=0
  case $- in *f*) glob_was_off=1; set +f ;; esac
  for candidate in /usr/lib/jvm/*; do
    [ -x "$candidate/bin/javac" ] || continue
    major=$(cairn_java_major "$candidate/bin/java")
    if [ -n "$major" ] && [ "$major" -ge 21 ] && [ "$major" -gt "$best_major" ]; then
      best="$candidate"; best_major="$major"
    fi
  done
  [ "$glob_was_off" = 1 ] && set -f
  if [ -z "$best" ]; then
    echo "cairn: no JDK 21 or newer found (JAVA_HOME=${JAVA_HOME:-unset}, nothing suitable under /usr/lib/jvm)." >&2
    echo "cairn: install one (e.g. apt-get install openjdk-21-jdk-headless) or set JAVA_HOME to it." >&2
    return 1
  fi
  export JAVA_HOME="$best"
}
cairn_find_jdk || exit 1
