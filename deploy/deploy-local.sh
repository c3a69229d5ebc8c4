#!/usr/bin/env bash
# Builds Reprise and runs the packaged service (the JVM fast-jar) against a local PostgreSQL, as production runs it,
# without dev mode. Reprise creates its database and schema on first start.
set -euo pipefail

usage() {
  cat <<'USAGE'
Usage: deploy/deploy-local.sh [--skip-build] [--port PORT]

Builds target/quarkus-app with ./mvnw package (tests skipped) and runs it in the foreground; Ctrl-C stops it
(SIGTERM: work in flight finishes, leases are handed over).

Options:
  --skip-build   run the jar already in target/quarkus-app
  --port PORT    HTTP port (default: $PORT, else 8080)
  -h, --help     this text

The database comes from the usual settings, as environment variables (defaults in parentheses):
  REPRISE_DATASOURCE_HOST (127.0.0.1)  REPRISE_DATASOURCE_PORT (5432)  REPRISE_DATASOURCE_DATABASE (reprise)
  REPRISE_DATASOURCE_USERNAME (postgres)  REPRISE_DATASOURCE_PASSWORD (none)
Set REPRISE_HTTP_API_KEY to require an API key. Every other setting works the same way (see README.md).
USAGE
}

skip_build=false
port="${PORT:-8080}"
while [[ $# -gt 0 ]]; do
  case "$1" in
    --skip-build) skip_build=true ;;
    --port)
      [[ $# -ge 2 ]] || { echo "--port needs a value" >&2; exit 2; }
      port="$2"
      shift
      ;;
    -h | --help) usage; exit 0 ;;
    *) echo "Unknown argument: $1" >&2; usage >&2; exit 2 ;;
  esac
  shift
done

cd "$(dirname "$0")/.."

db_host="${REPRISE_DATASOURCE_HOST:-127.0.0.1}"
db_port="${REPRISE_DATASOURCE_PORT:-5432}"
if command -v pg_isready >/dev/null 2>&1; then
  if ! pg_isready -h "$db_host" -p "$db_port" -q; then
    echo "PostgreSQL does not answer at $db_host:$db_port; start it or set REPRISE_DATASOURCE_HOST/PORT." >&2
    exit 1
  fi
fi

if [[ "$skip_build" == false ]]; then
  ./mvnw -B -q package -DskipTests
fi
jar=target/quarkus-app/quarkus-run.jar
if [[ ! -f "$jar" ]]; then
  echo "$jar is missing: run without --skip-build" >&2
  exit 1
fi

echo "Reprise on http://localhost:$port (API under /runtime/webhooks/durabletask, health /q/health, metrics /q/metrics)"
exec java -Dquarkus.http.port="$port" -jar "$jar"
