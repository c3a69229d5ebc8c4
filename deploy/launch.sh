#!/usr/bin/env bash
# Starts the packaged Reprise service on the JVM, with or without an AOT cache. The JVM image's entry point, and what
# deploy/aot-train.sh, AotCacheIT and bench/run start, so the cache is made and used with the same command line.
#
# An AOT cache (JDK 25, JEP 483/514) is only valid for the class path, jar files, JVM and options it was made with; a
# mismatch (a class path relative to another working directory, rebuilt jars, another JDK) would otherwise make the
# JVM start without it, a few log lines aside. So every path here is absolute, and the cache is used with
# -XX:AOTMode=on: a cache that cannot be used stops the JVM at once with its reason, instead of a slower start nobody
# notices.
set -euo pipefail

usage() {
  cat <<'USAGE'
Usage: deploy/launch.sh [arguments for the application]

Environment:
  REPRISE_APP_DIR    the packaged application: a directory holding quarkus-run.jar (default: /deployments, as in
                     the image; in a checkout, target/quarkus-app-aot, which ./mvnw package writes)
  REPRISE_AOT_CACHE  the AOT cache file to use (unset: run without one). Needs Java 25 or later
  REPRISE_AOT_MODE   on (default): use the cache, refuse to start if it cannot be used;
                     auto: use it if it can be used, otherwise start without it (the JVM logs why);
                     record: a training run, the JVM writes the cache to REPRISE_AOT_CACHE when it exits;
                     off: ignore REPRISE_AOT_CACHE
  JAVA               the java executable (default: $JAVA_HOME/bin/java, else java on the PATH)
  JAVA_OPTS          more JVM options, after Reprise's own (-XX:MaxRAMPercentage=80 -XX:+ExitOnOutOfMemoryError,
                     the optimising compiler's thresholds raised tenfold, and -XX:+UseSerialGC unless JAVA_OPTS
                     names a collector); a later option wins, so JAVA_OPTS can undo any of them
Every Reprise and Quarkus setting is read from the environment as usual (REPRISE_DATASOURCE_HOST, QUARKUS_HTTP_PORT...).
USAGE
}

die() {
  echo "launch.sh: $*" >&2
  exit 1
}

if [[ "${1:-}" == "-h" || "${1:-}" == "--help" ]]; then
  usage
  exit 0
fi

default_app_dir=/deployments
if [[ ! -f "$default_app_dir/quarkus-run.jar" ]]; then
  default_app_dir="$(dirname "$0")/../target/quarkus-app-aot"
fi
app_dir="${REPRISE_APP_DIR:-$default_app_dir}"
[[ -f "$app_dir/quarkus-run.jar" ]] || die "no quarkus-run.jar in $app_dir: set REPRISE_APP_DIR to the packaged \
application (./mvnw package writes target/quarkus-app-aot)"
# One spelling of the path, whatever the working directory or symbolic links: the cache records the class path.
app_dir="$(cd "$app_dir" && pwd -P)"

java="${JAVA:-}"
if [[ -z "$java" ]]; then
  java="${JAVA_HOME:+$JAVA_HOME/bin/java}"
  java="${java:-java}"
fi

# The heap gets most of the container's memory limit, as the image's previous run-java.sh gave it. The collector is
# the one a 1-CPU pod would pick anyway, named so that a training run on a larger build machine makes the same
# choice; JAVA_OPTS may name another.
jvm=(-XX:MaxRAMPercentage=80 -XX:+ExitOnOutOfMemoryError -Djava.util.logging.manager=org.jboss.logmanager.LogManager)
# Start-up code runs a few thousand times at most, yet at the JVM's default thresholds the optimising compiler (C2)
# compiled hundreds of its methods (configuration, YAML and JSON parsing, Hibernate's boot) while the service started,
# on the CPU it needed: about a third of the CPU time to ready. Ten times the thresholds leave start-up code to the
# quick compiler (C1) and C2 to what stays hot, which under load reaches them within a minute: measured, CPU time to
# ready 3.6 s -> 2.5 s with the AOT cache, and the same HTTP throughput once warm (W1H, ten warm-up rounds each).
jvm+=(-XX:Tier4InvocationThreshold=50000 -XX:Tier4MinInvocationThreshold=6000 -XX:Tier4CompileThreshold=150000
  -XX:Tier4BackEdgeThreshold=400000)
if [[ ! "${JAVA_OPTS:-}" =~ -XX:\+Use[A-Za-z0-9]+GC ]]; then
  jvm=(-XX:+UseSerialGC "${jvm[@]}")
fi

java_major() { # the major version from the JDK's release file, or nothing when there is none (bash only: it is
  # on every cold start's path)
  local bin release line
  bin="$(command -v "$java" 2>/dev/null)" || return 0
  bin="$(readlink -f "$bin")"
  release="${bin%/*}/../release"
  [[ -f "$release" ]] || return 0
  while IFS= read -r line; do
    if [[ "$line" =~ ^JAVA_VERSION=\"([0-9]+) ]]; then
      echo "${BASH_REMATCH[1]}"
      return 0
    fi
  done <"$release"
}

mode="${REPRISE_AOT_MODE:-on}"
if [[ -n "${REPRISE_AOT_CACHE:-}" && "$mode" != off ]]; then
  cache_dir="$(dirname "$REPRISE_AOT_CACHE")"
  [[ -d "$cache_dir" ]] || die "the directory of REPRISE_AOT_CACHE=$REPRISE_AOT_CACHE does not exist"
  cache="$(cd "$cache_dir" && pwd -P)/${REPRISE_AOT_CACHE##*/}"
  major="$(java_major)"
  if [[ -n "$major" && "$major" -lt 25 ]]; then
    die "$java is Java $major; an AOT cache needs Java 25 or later. Set JAVA (or JAVA_HOME) to a Java 25 runtime, \
or unset REPRISE_AOT_CACHE to start without the cache"
  fi
  case "$mode" in
    record)
      jvm+=("-XX:AOTCacheOutput=$cache")
      ;;
    on | auto)
      [[ -f "$cache" ]] || die "REPRISE_AOT_CACHE=$cache does not exist: make it with deploy/aot-train.sh, or set \
REPRISE_AOT_MODE=off to start without it"
      jvm+=("-XX:AOTCache=$cache" "-XX:AOTMode=$mode")
      ;;
    *) die "REPRISE_AOT_MODE=$mode: expected on, auto, record or off" ;;
  esac
  echo "launch.sh: $java, AOT cache $cache (AOTMode=$mode), application $app_dir" >&2
fi

# JAVA_OPTS is split into words on purpose, as run-java.sh and most launchers do.
# shellcheck disable=SC2086
exec "$java" "${jvm[@]}" ${JAVA_OPTS:-} -jar "$app_dir/quarkus-run.jar" "$@"
