#!/usr/bin/env bash
# Drives the real `parley` binary: command line, environment, migrations, startup log,
# SIGTERM and persistence across process restarts.
set -euo pipefail
parley="$1"
work=$(mktemp -d)
pid=""
cleanup() { [ -n "$pid" ] && kill -9 "$pid" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT
fail() { echo "FAIL: $*"; [ -f "$work/log" ] && cat "$work/log"; exit 1; }

"$parley" --help | grep -q serve || fail "--help does not list serve"
"$parley" serve --help | grep -q -- --ping-interval || fail "serve --help lacks --ping-interval"

db="sqlite:$work/data/parley.db"
"$parley" migrate --db "$db" || fail "migrate failed"
"$parley" migrate --db "$db" || fail "migrate is not idempotent"
[ -f "$work/data/parley.db" ] || fail "migrate did not create the database"

start() {
  : > "$work/log"
  PARLEY_DB="$db" PARLEY_LOG_LEVEL=info "$parley" serve --port 0 > "$work/log" 2>&1 &
  pid=$!
  for _ in $(seq 100); do
    url=$(grep -o 'http://127.0.0.1:[0-9]*' "$work/log" | head -1 || true)
    [ -n "$url" ] && return 0
    sleep 0.05
  done
  fail "no startup line with the URL"
}
stop() {
  kill -TERM "$pid"
  wait "$pid" || fail "exit status $? after SIGTERM"
  pid=""
}

start
grep -q "database $db" "$work/log" || fail "the environment's PARLEY_DB was not used"
status=$(curl -s -o "$work/body" -w '%{http_code}' -X POST "$url/auth/register" \
  -H 'Content-Type: application/json' -d '{"username":"alice","password":"password123"}')
[ "$status" = 201 ] || fail "register answered $status: $(cat "$work/body")"
status=$(curl -s -o /dev/null -w '%{http_code}' "$url/ws" -H 'Connection: Upgrade' \
  -H 'Upgrade: websocket' -H 'Sec-WebSocket-Version: 13' -H 'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==')
[ "$status" = 401 ] || fail "unauthenticated upgrade answered $status"
stop

start
status=$(curl -s -o /dev/null -w '%{http_code}' -X POST "$url/auth/login" \
  -H 'Content-Type: application/json' -d '{"username":"alice","password":"password123"}')
[ "$status" = 200 ] || fail "login after restart answered $status"
port=${url##*:}
if "$parley" serve --port "$port" --db "sqlite:$work/other.db" > "$work/taken" 2>&1; then
  fail "a second server on a taken port did not fail"
fi
grep -q "cannot listen" "$work/taken" || fail "no clear message for a taken port: $(cat "$work/taken")"
stop

if "$parley" serve --db "mysql://nowhere" --port 0 > "$work/bad" 2>&1; then fail "bad --db accepted"; fi
grep -q "unsupported database URL" "$work/bad" || fail "no clear message for a bad --db"
if "$parley" serve --limit messages=fast --port 0 > "$work/bad" 2>&1; then fail "bad --limit accepted"; fi
grep -q "RATE/BURST" "$work/bad" || fail "no clear message for a bad --limit"
# A PostgreSQL that does not answer: a clear message and a non-zero exit, never a crash.
set +e
"$parley" serve --db "postgres://parley:secret@127.0.0.1:1/parley" --port 0 > "$work/down" 2>&1
status=$?
set -e
[ "$status" = 1 ] || fail "serve with PostgreSQL down exited $status: $(cat "$work/down")"
grep -q "cannot open database postgres://parley:\*\*\*@127.0.0.1:1/parley" "$work/down" ||
  fail "no clear message for PostgreSQL down: $(cat "$work/down")"
grep -q secret "$work/down" && fail "the password was logged"
echo "cli smoke: 1 passed, 0 failed"
