#!/usr/bin/env bash
# Runs the dashboard's browser tests against the packaged service (target/quarkus-app, built by ./mvnw verify or
# package): installs their one npm package, starts the service on a free port against a fresh database with an API
# key, runs dashboard.test.mjs (Node's test runner, headless /usr/bin/chromium), stops the service. The timeline
# screenshot goes to docs/dashboard-timeline.png. Needs chromium (apt-get install chromium) and PostgreSQL.
set -euo pipefail
cd "$(dirname "$0")"
ROOT=$(cd ../../.. && pwd)
JAR="$ROOT/target/quarkus-app/quarkus-run.jar"
DB=reprise_browser_test
LOG="$ROOT/target/browser-test-service.log"

[ -f "$JAR" ] || { echo "$JAR is missing: run ./mvnw package first" >&2; exit 1; }
[ -x /usr/bin/chromium ] || { echo "/usr/bin/chromium is missing: apt-get install chromium" >&2; exit 1; }
npm ci --no-audit --no-fund --loglevel=error

psql -h 127.0.0.1 -U postgres -d postgres -q -c "DROP DATABASE IF EXISTS $DB WITH (FORCE)" >/dev/null
PORT=$(node -e "const s=require('net').createServer().listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})")
KEY="browser-$(od -An -N8 -tx1 /dev/urandom | tr -d ' \n')"

java -Dquarkus.http.port="$PORT" -Dreprise.datasource.database="$DB" -Dreprise.http.api-key="$KEY" \
  -jar "$JAR" >"$LOG" 2>&1 &
SERVICE=$!
trap 'kill "$SERVICE" 2>/dev/null; wait "$SERVICE" 2>/dev/null || true' EXIT

REPRISE_URL="http://127.0.0.1:$PORT" REPRISE_KEY="$KEY" REPRISE_SCREENSHOT="$ROOT/docs/dashboard-timeline.png" \
  node --test --test-reporter=spec dashboard.test.mjs
