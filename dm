#!/usr/bin/env bash
# dm: DiffuMatting for Java launcher. Builds the project on first use (and when sources change),
# then runs the CLI. Usage: ./dm --help
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
CP_FILE="$ROOT/dm-cli/target/classpath.txt"
JAR="$ROOT/dm-cli/target/dm-cli-0.1.0-SNAPSHOT.jar"
STAMP="$ROOT/dm-cli/target/.dm-build-stamp"
# Class-data-sharing archive of the classes one `dm generate` loads (JDK AppCDS): written by the first generate
# after a build, used by every later call (about 0.7 s less start-up; libtorch's Java classes are most of it)
JSA="$ROOT/dm-cli/target/dm-classes.jsa"

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
JAVA_ARGS=(${DM_JAVA_OPTS:-} -Dorg.bytedeco.openblas.load=mkl -Xss4m -Ddm.home="$ROOT" -cp "$JAR:$(cat "$CP_FILE")")
CDS_QUIET=(-Xlog:cds=off -Xlog:cds+dynamic=off)
# an archive older than any module jar (after a rebuild, by this launcher or by mvn) would be refused silently: drop it
if [ -f "$JSA" ] && [ -n "$(find "$ROOT"/dm-*/target -maxdepth 1 -name '*.jar' -newer "$JSA" -print -quit 2>/dev/null)" ]; then
  rm -f "$JSA"
fi
if [ -f "$JSA" ]; then
  exec "$JAVA" -XX:SharedArchiveFile="$JSA" "${CDS_QUIET[@]}" "${JAVA_ARGS[@]}" org.diffumatting.cli.Main "$@"
elif [ "${1:-}" = generate ]; then
  # this run also writes the archive (at exit, under a temporary name, renamed when the run succeeded)
  tmp="$JSA.$$.tmp"
  rc=0
  "$JAVA" -XX:ArchiveClassesAtExit="$tmp" "${CDS_QUIET[@]}" "${JAVA_ARGS[@]}" org.diffumatting.cli.Main "$@" || rc=$?
  if [ "$rc" -eq 0 ] && [ -s "$tmp" ]; then mv -f "$tmp" "$JSA"; else rm -f "$tmp"; fi
  exit "$rc"
else
  exec "$JAVA" "${JAVA_ARGS[@]}" org.diffumatting.cli.Main "$@"
fi
