#!/usr/bin/env bash
# Drives the real `parley` binary: command line, environment, migrations, startup log,
# SIGTERM and persistence across process restarts.
set -euo pipefail
parley="$1"
work=$(mktemp -d)
export PARLEY_FILES="$work/files"  # uploads under the test's folder, not the working directory
pid=""
cleanup() { [ -n "$pid" ] && kill -9 "$pid" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT
fail() { echo "FAIL: $*"; [ -f "$work/log" ] && cat "$work/log"; exit 1; }

# Read whole (grep -q would close the pipe early and fail the pipeline with SIGPIPE).
[[ "$("$parley" --help)" == *serve* ]] || fail "--help does not list serve"
[[ "$("$parley" serve --help)" == *--ping-interval* ]] || fail "serve --help lacks --ping-interval"

"$parley" --version | grep -qE '^parley [0-9]+\.[0-9]+\.[0-9]+$' || fail "--version: $("$parley" --version)"

# Logs on standard error, the startup line first among them; the metrics port picked is said.
"$parley" serve --port 0 --db "sqlite:$work/fresh/new.db" --metrics-listen 127.0.0.1:0 \
  > "$work/stdout" 2> "$work/log" &
pid=$!
for _ in $(seq 100); do grep -q 'metrics on' "$work/log" && break; sleep 0.05; done
grep -q "creating a new database at $work/fresh/new.db" "$work/log" || fail "no word of the new database"
grep -qE 'parley [0-9.]+ listening on http://127.0.0.1:[0-9]+' "$work/log" || fail "no startup line"
metrics=$(grep -o 'metrics on http://127.0.0.1:[0-9]*/metrics' "$work/log" | sed 's/metrics on //')
[ -n "$metrics" ] || fail "the metrics port was not said"
curl -sf "$metrics" | grep -q '^parley_build_info{version="' || fail "no build_info at $metrics"
kill -TERM "$pid"; wait "$pid"; pid=""
[ -s "$work/stdout" ] && fail "serve wrote to standard output: $(cat "$work/stdout")"
: > "$work/log"

# Commands that work on an existing database refuse one that does not exist.
for cmd in "admin --db sqlite:$work/missing.db rooms" "backup --db sqlite:$work/missing.db --to $work/b.db" \
  "copy --from sqlite:$work/missing.db --to sqlite:$work/c.db"; do
  # shellcheck disable=SC2086
  "$parley" $cmd > "$work/out" 2>&1 && fail "$cmd succeeded"
  grep -q "no database at $work/missing.db" "$work/out" || fail "$cmd: $(cat "$work/out")"
  [ -e "$work/missing.db" ] && fail "$cmd created the database"
done

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

# parley admin and parley backup, against the database of a running server.
start
admin() { "$parley" admin --db "$db" "$@"; }
login_status() {
  curl -s -o "$work/body" -w '%{http_code}' -X POST "$url/auth/login" \
    -H 'Content-Type: application/json' -d "{\"username\":\"$1\",\"password\":\"$2\"}"
}
echo "carol-pass-1" | admin create-user carol --email carol@example.com > "$work/out" ||
  fail "admin create-user failed: $(cat "$work/out")"
grep -q "created user carol" "$work/out" || fail "create-user said: $(cat "$work/out")"
echo "short" | admin create-user dave > "$work/out" 2>&1 && fail "a short password was accepted"
grep -q "invalid_password" "$work/out" || fail "no reason for the refused password: $(cat "$work/out")"
[ "$(login_status carol carol-pass-1)" = 200 ] || fail "the created user cannot sign in"
token=$(sed 's/.*"token":"\([^"]*\)".*/\1/' "$work/body")
curl -s -o /dev/null -X POST "$url/groups" -H 'Content-Type: application/json' \
  -H "Authorization: Bearer $token" -d '{"name":"ops room","private":true}'
admin rooms > "$work/out" || fail "admin rooms failed"
grep -q "private.*ops room" "$work/out" || fail "admin rooms lacks the private room: $(cat "$work/out")"
room=$(awk '/ops room/ {print $1}' "$work/out")
admin members "$room" | grep -q "owner.*carol" || fail "admin members lacks the owner"
admin members 999999 > "$work/out" 2>&1 && fail "members of a missing room succeeded"

# A backup taken while the server runs (and is written to) is a database of its own.
writers=()
for i in $(seq 20); do
  echo "user$i-pass-1" | admin create-user "user$i" > /dev/null &
  writers+=($!)
done
"$parley" backup --db "$db" --to "$work/backup.db" > "$work/out" 2>&1 || fail "backup failed: $(cat "$work/out")"
for w in "${writers[@]}"; do wait "$w" || fail "a user was not created beside the backup"; done
"$parley" backup --db "$db" --to "$work/backup.db" > "$work/out" 2>&1 && fail "backup overwrote a file"
"$parley" admin --db "sqlite:$work/backup.db" rooms | grep -q "ops room" || fail "the backup lacks the room"
[ ! -e "$work/backup.db-wal" ] || fail "the backup is not one self-contained file"

admin disable carol | grep -q "1 session ended" || fail "disable did not end carol's session"
[ "$(login_status carol carol-pass-1)" = 403 ] || fail "a disabled user signed in"
grep -q account_disabled "$work/body" || fail "no account_disabled code: $(cat "$work/body")"
admin enable carol > /dev/null || fail "enable failed"
echo "carol-pass-2" | admin reset-password carol > /dev/null || fail "reset-password failed"
[ "$(login_status carol carol-pass-2)" = 200 ] || fail "the reset password does not work"
admin delete carol | grep -q "deleted carol" || fail "delete failed"
[ "$(login_status carol carol-pass-2)" = 401 ] || fail "a deleted user signed in"
admin delete carol > /dev/null 2>&1 && fail "deleting a missing user succeeded"
stop
# --log-format json: every line is one JSON object.
"$parley" serve --port 0 --db "$db" --log-format json > "$work/json.log" 2>&1 &
pid=$!
for _ in $(seq 100); do grep -q 'listening on' "$work/json.log" && break; sleep 0.05; done
stop
[ "$(wc -l < "$work/json.log")" -ge 3 ] || fail "too few JSON log lines: $(cat "$work/json.log")"
if grep -v -E '^\{"time":"[0-9T:.-]+Z","level":"[a-z]+","message":".*"\}$' "$work/json.log"; then
  fail "the lines above are not JSON log lines"
fi
# TLS: HTTPS on the same port, the certificate checked by curl, the cookie Secure.
tls="$(dirname "$0")/../tls"
"$parley" serve --port 0 --db "$db" --tls-cert "$tls/localhost.crt" > "$work/out" 2>&1 &&
  fail "--tls-cert without --tls-key started"
grep -q -- "--tls-key" "$work/out" || fail "no word of the missing --tls-key: $(cat "$work/out")"
: > "$work/log"
"$parley" serve --port 0 --db "$db" --tls-cert "$tls/localhost.crt" --tls-key "$tls/localhost.key" \
  > "$work/log" 2>&1 &
pid=$!
for _ in $(seq 100); do grep -q 'listening on https://' "$work/log" && break; sleep 0.05; done
port=$(grep -o 'https://127.0.0.1:[0-9]*' "$work/log" | head -1 | sed 's/.*://')
[ -n "$port" ] || fail "no https startup line"
curl -s --cacert "$tls/localhost.crt" --resolve "localhost:$port:127.0.0.1" -D "$work/headers" \
  -o /dev/null -X POST "https://localhost:$port/auth/login" -H 'Content-Type: application/json' \
  -d '{"username":"alice","password":"password123"}' || fail "no HTTPS answer"
grep -qi '^set-cookie:.*; Secure' "$work/headers" || fail "the cookie is not Secure: $(cat "$work/headers")"
stop
echo "cli smoke: 1 passed, 0 failed"
