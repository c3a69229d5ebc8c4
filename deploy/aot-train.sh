#!/usr/bin/env bash
# The training run that makes the JVM image's AOT cache (JDK 25): starts the packaged service through
# deploy/launch.sh in recording mode, as the Knative Service runs it (migrations off, an API key), sends it the work
# a cold pod's first minutes see (starts, steps, activities, status queries, events, health probes), and stops it;
# the JVM writes the cache as it exits. deploy/Dockerfile.jvm runs it at image build, AotCacheIT and bench/run run it
# here, so the image's cache is made the way the tests make theirs.
set -euo pipefail

usage() {
  cat <<'USAGE'
Usage: deploy/aot-train.sh [--output FILE] [--port PORT] [--with-profiles] [--with-queries]
                           [--start-postgres [--postgres-port PORT]]

Writes an AOT cache for the packaged application in $REPRISE_APP_DIR (see deploy/launch.sh) with the Java 25
runtime in $JAVA or $JAVA_HOME. Use it with REPRISE_AOT_CACHE=FILE deploy/launch.sh, with the same application
directory and the same Java runtime.

Options:
  --output FILE         the cache to write (default: $REPRISE_AOT_CACHE, else app.aot in the application directory)
  --port PORT           HTTP port of the training run (default: 8080)
  --with-profiles       keep the JIT's method profiles in the cache too (JEP 515); by default the cache holds the
                        classes, loaded and linked, only: with profiles the JIT compiles more while the service
                        starts, which cost 12% more CPU and 8 MB more memory up to the first request, measured here
  --with-queries        also run instance list queries (the query side, Hibernate Reactive) in the training. By
                        default they are left out: JDK 25 loads every class of the cache at every start, so the
                        query side's classes cost each cold start about 12 MB and are needed only by lists and the
                        dashboard, which a pod woken by a start or a timer does not serve first (its first list
                        query then takes about 0.4 s instead of 0.1 s), measured here
  --start-postgres      run a throwaway PostgreSQL for the training (initdb in a temporary directory; not as root),
                        as an image build has no database; otherwise REPRISE_DATASOURCE_* name one (default
                        127.0.0.1:5432, database reprise), which is created and migrated first if needed
  --postgres-port PORT  port of that throwaway PostgreSQL (default: 54329)
  -h, --help            this text

Needs curl, and PostgreSQL's initdb and pg_ctl for --start-postgres.
USAGE
}

die() {
  echo "aot-train.sh: $*" >&2
  exit 1
}

here="$(cd "$(dirname "$0")" && pwd -P)"
output="${REPRISE_AOT_CACHE:-}"
port=8080
start_postgres=false
pg_port=54329
profiles=false
queries=false
while [[ $# -gt 0 ]]; do
  case "$1" in
    --output)
      [[ $# -ge 2 ]] || die "--output needs a value"
      output="$2"
      shift
      ;;
    --port)
      [[ $# -ge 2 ]] || die "--port needs a value"
      port="$2"
      shift
      ;;
    --start-postgres) start_postgres=true ;;
    --with-profiles) profiles=true ;;
    --with-queries) queries=true ;;
    --postgres-port)
      [[ $# -ge 2 ]] || die "--postgres-port needs a value"
      pg_port="$2"
      shift
      ;;
    -h | --help)
      usage
      exit 0
      ;;
    *)
      usage >&2
      die "unknown argument: $1"
      ;;
  esac
  shift
done

command -v curl >/dev/null 2>&1 || die "curl is needed to drive the training run; install it"
if [[ -z "$output" ]]; then
  output="${REPRISE_APP_DIR:-/deployments}/app.aot"
fi
rm -f "$output"

work="$(mktemp -d)"
pid=""
cleanup() {
  if [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null; then
    kill -KILL "$pid" 2>/dev/null || true
  fi
  if [[ "$start_postgres" == true && -f "$work/pg/postmaster.pid" ]]; then
    "$pg_bin/pg_ctl" -D "$work/pg" -m immediate stop >/dev/null 2>&1 || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT

if [[ "$start_postgres" == true ]]; then
  [[ "$(id -u)" != 0 ]] || die "--start-postgres runs initdb, which refuses to run as root; run as another user"
  pg_bin="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)"
  if [[ -z "$pg_bin" ]]; then
    pg_bin="$(dirname "$(command -v initdb 2>/dev/null || echo /nonexistent/initdb)")"
  fi
  [[ -x "$pg_bin/initdb" && -x "$pg_bin/pg_ctl" ]] || die "--start-postgres needs PostgreSQL's initdb and pg_ctl \
(Debian/Ubuntu: apt-get install postgresql)"
  echo "aot-train.sh: starting a throwaway PostgreSQL on 127.0.0.1:$pg_port"
  "$pg_bin/initdb" -D "$work/pg" -U postgres -A trust -E UTF8 --no-sync >"$work/initdb.log" 2>&1 \
    || { cat "$work/initdb.log" >&2; die "initdb failed"; }
  "$pg_bin/pg_ctl" -D "$work/pg" -l "$work/postgres.log" -w \
    -o "-c listen_addresses=127.0.0.1 -p $pg_port -k $work -c fsync=off" start >/dev/null \
    || { cat "$work/postgres.log" >&2; die "PostgreSQL did not start"; }
  export REPRISE_DATASOURCE_HOST=127.0.0.1 REPRISE_DATASOURCE_PORT="$pg_port" REPRISE_DATASOURCE_DATABASE=reprise
  export REPRISE_DATASOURCE_USERNAME=postgres
  unset REPRISE_DATASOURCE_PASSWORD
fi

# 1. The schema, as the migration Job makes it (no cache involved).
echo "aot-train.sh: migrating the training database"
REPRISE_MIGRATE_AND_EXIT=true REPRISE_AOT_MODE=off QUARKUS_HTTP_PORT="$port" "$here/launch.sh" \
  >"$work/migrate.log" 2>&1 || { cat "$work/migrate.log" >&2; die "the migration run failed"; }

# 2. The training run, configured as k8s/service.yaml configures the Service. Only this run gets the profile switch
# (a diagnostic option, hence the unlock): the cache does not depend on it, so the service runs without it.
training_opts="${JAVA_OPTS:-}"
if [[ "$profiles" == false ]]; then
  training_opts="$training_opts -XX:+UnlockDiagnosticVMOptions -XX:-AOTRecordTraining"
fi
key="training-$RANDOM$RANDOM"
echo "aot-train.sh: training run on port $port, cache $output"
JAVA_OPTS="$training_opts" REPRISE_AOT_MODE=record REPRISE_AOT_CACHE="$output" QUARKUS_HTTP_PORT="$port" \
  REPRISE_DATASOURCE_MIGRATE_AT_START=false REPRISE_DATASOURCE_CREATE_DATABASE=false \
  REPRISE_HTTP_API_KEY="$key" REPRISE_HTTP_TICK_KEY="$key-tick" \
  "$here/launch.sh" >"$work/training.log" 2>&1 &
pid=$!

base="http://127.0.0.1:$port"
api="$base/runtime/webhooks/durabletask"

fail() {
  echo "aot-train.sh: $*; the training run's log:" >&2
  tail -n 60 "$work/training.log" >&2
  exit 1
}

# Sends a request; prints the body; fails unless the status is one of the expected ones (default 200 or 202).
call() {
  local method="$1" url="$2" body="${3:-}" expect="${4:-200 202}" status
  local args=(-sS -o "$work/body" -w '%{http_code}' -X "$method" -H "x-functions-key: $key")
  if [[ -n "$body" ]]; then
    args+=(-H 'Content-Type: application/json' --data "$body")
  fi
  status="$(curl "${args[@]}" "$url")" || fail "$method $url failed"
  [[ " $expect " == *" $status "* ]] || fail "$method $url answered $status: $(cat "$work/body")"
  cat "$work/body"
}

start() { # prints the instance ID
  call POST "$api/orchestrators/$1" "${2:-}" 202 | sed -n 's/.*"id":"\([^"]*\)".*/\1/p'
}

await() { # waits for the instance to finish, prints its status document
  local id="$1" i status
  for i in $(seq 1 300); do
    status="$(call GET "$api/instances/$id?showHistory=true&showHistoryOutput=true")"
    case "$status" in
      *'"runtimeStatus":"Completed"'* | *'"runtimeStatus":"Failed"'* | *'"runtimeStatus":"Terminated"'*)
        echo "$status"
        return 0
        ;;
    esac
    sleep 0.1
  done
  fail "instance $id did not finish within 30 s"
}

for _ in $(seq 1 1200); do
  kill -0 "$pid" 2>/dev/null || fail "the training run exited early"
  if [[ "$(curl -s -o /dev/null -w '%{http_code}' "$base/q/health/ready")" == 200 ]]; then
    break
  fi
  sleep 0.1
done
[[ "$(curl -s -o /dev/null -w '%{http_code}' "$base/q/health/ready")" == 200 ]] || fail "not ready within 120 s"

# What a cold pod sees first: starts (as the activator forwards them), the steps and activities they cause, status
# polls, events, commands, timer ticks and the probes (list queries only with --with-queries); several rounds, so
# what the cache keeps is a working service's, not a single request's.
for round in 1 2 3 4 5; do
  hello="$(start HelloCities)"
  chain="$(start HelloCities '["Paris","Rome"]')"
  fan="$(start FanOutFanIn '{"count":20}')"
  order="$(start ProcessOrder '{"orderId":"A-1","customerEmail":"ada@example.com","items":[{"sku":"WIDGET","quantity":2}],"paymentCard":"4111111111111111"}')"
  trip="$(start BookTrip '{"conference":"KubeCon","origin":"Seattle","destination":"San Francisco"}')"
  approval="$(start Approval '{"document":"budget","timeoutSeconds":300}')"
  trips="$(start ParallelTrips '[{"conference":"QCon","origin":"London","destination":"Amsterdam"}]')"
  [[ "$(await "$hello")" == *'"output":["Hello Tokyo!","Hello Seattle!","Hello London!"]'* ]] \
    || fail "HelloCities did not give its greetings"
  await "$chain" >/dev/null
  await "$fan" >/dev/null
  await "$order" >/dev/null
  await "$trip" >/dev/null
  await "$trips" >/dev/null
  call POST "$api/instances/$approval/raiseEvent/ApprovalEvent" '{"approved":true}' 202 >/dev/null
  await "$approval" >/dev/null
  terminated="$(start Approval '{"document":"other","timeoutSeconds":300}')"
  call POST "$api/instances/$terminated/terminate?reason=training" "" 202 >/dev/null
  await "$terminated" >/dev/null
  if [[ "$queries" == true ]]; then
    call GET "$api/instances?top=5&showInput=true" >/dev/null
  fi
  call DELETE "$api/instances/$hello" >/dev/null
  call GET "$api/instances/$hello" "" 404 >/dev/null
  call POST "$api/tick" "" 200 >/dev/null
  call GET "$base/q/health/ready" >/dev/null
  call GET "$base/q/health/live" >/dev/null
  echo "aot-train.sh: round $round done"
done

# 3. Stop as Knative stops a pod; the JVM writes the cache on its way out.
kill -TERM "$pid"
status=0
wait "$pid" || status=$?
pid=""
if [[ "$status" != 0 && "$status" != 143 ]]; then
  fail "the training run exited with $status"
fi
[[ -s "$output" ]] || fail "no AOT cache was written to $output"
grep -q 'AOTCache creation is complete' "$work/training.log" || fail "the JVM did not report the cache as complete"
echo "aot-train.sh: wrote $output ($(du -h "$output" | cut -f1))"
