#!/usr/bin/env bash
# dm: DiffuMatting for Java launcher. Builds the project on first use (and when sources change),
# then runs the CLI. Usage: ./dm --help
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
CP_FILE="$ROOT/dm-cli/target/classpath.txt"
JAR="$ROOT/dm-cli/target/dm-cli-0.1.0-SNAPSHOT.jar"
STAMP="$ROOT/dm-cli/target/.dm-build-stamp"

needs_build() {
  [ -f "$CP_FILE" ] && [ -f "$JAR" ] && [ -f "$STAMP" ] || return 0
  # only the module sources and poms (data/ and out/ hold tens of thousands of files)
  [ -n "$(find "$ROOT"/pom.xml "$ROOT"/dm-*/pom.xml "$ROOT"/dm-*/src \( -name '*.java' -o -name 'pom.xml' -o -path '*/src/main/resources/*' \) \
        -newer "$STAMP" -print -quit 2>/dev/null)" ]
}

if needs_build; then
  echo "dm: building (first use or sources changed)..." >&2
  log="$(mktemp)"
  if ! (cd "$ROOT" && mvn -B -ntp -q -DskipTests install >"$log" 2>&1); then
    cat "$log" >&2; rm -f "$log"
    echo "dm: build failed (see above)" >&2
    exit 1
  fi
  rm -f "$log"
  touch "$STAMP"
fi

JAVA="${JAVA_HOME:+$JAVA_HOME/bin/}java"
# OpenMP workers sleep instead of spinning when idle: on a 2-core machine shared with other work, spinning
# made generation 10-20x slower (docs/NOTES-pipelines.md). Override by exporting these variables.
export OMP_WAIT_POLICY="${OMP_WAIT_POLICY:-PASSIVE}" KMP_BLOCKTIME="${KMP_BLOCKTIME:-0}"
exec "$JAVA" ${DM_JAVA_OPTS:-} -Dorg.bytedeco.openblas.load=mkl -Xss4m -Ddm.home="$ROOT" \
  -cp "$JAR:$(cat "$CP_FILE")" org.diffumatting.cli.Main "$@"
