#!/usr/bin/env bash
# Schema fuzzing of the JSON API (issue 20): `ieum serve --demo` on a throw-away SQLite file and a
# free port, a platform operator's API token (`ieum user create`, `ieum token create`), then schemathesis against the
# document the server serves, with every phase (examples, coverage, fuzzing, stateful) and every
# check. Prints schemathesis's summary and, last, one line:
#   schemathesis: <operations> operations, <cases> cases, <failures> failures (<seconds> s)
# Exit status: schemathesis's (0 = no failures).
#
# Environment: IEUM_BIN (default .build/debug/ieum), SCHEMATHESIS_EXAMPLES (cases per operation and
# phase, default 25: about 1.5 minutes on 2 cores), SCHEMATHESIS_SEED (default 20), SCHEMATHESIS_VENV
# (default api-venv).
set -uo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
BIN=${IEUM_BIN:-$ROOT/.build/debug/ieum}
VENV=${SCHEMATHESIS_VENV:-$ROOT/api-venv}
EXAMPLES=${SCHEMATHESIS_EXAMPLES:-25}
SEED=${SCHEMATHESIS_SEED:-20}
VERSION=4.32.5

[[ -x $BIN ]] || { echo "schemathesis: no $BIN (build first: swift build)"; exit 2; }
if ! [[ -x $VENV/bin/schemathesis ]] || ! "$VENV/bin/schemathesis" --version 2>/dev/null | grep -q "$VERSION"; then
  { [[ -x $VENV/bin/python ]] || /usr/bin/python3 -m venv "$VENV"; } || exit 2
  "$VENV/bin/python" -m pip install -q --disable-pip-version-check "schemathesis==$VERSION" || exit 2
fi

WORK=$(mktemp -d)
PID=
cleanup() {
  if [[ -n $PID ]]; then kill "$PID" 2>/dev/null; wait "$PID" 2>/dev/null; fi
  rm -rf "$WORK"
}
trap cleanup EXIT
mkdir -p "$WORK/data"
PORT=$("$VENV/bin/python" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
export DATABASE_URL="$WORK/demo.sqlite" IEUM_DATA_DIR="$WORK/data"
unset IEUM_TEST_DATABASE_URL
(cd "$WORK" && exec "$BIN" serve --demo --host 127.0.0.1 --port "$PORT" >"$WORK/server.log" 2>&1) &
PID=$!

# /readyz answers 200 once the demo is loaded and the matching index is built.
for _ in $(seq 1 480); do
  [[ $(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$PORT/readyz") == 200 ]] && break
  kill -0 "$PID" 2>/dev/null || { echo "schemathesis: ieum serve --demo stopped"; tail -20 "$WORK/server.log"; exit 2; }
  sleep 0.25
done
# A platform operator (no agency) may use every operation, the list of all accounts included; the
# demo's operator@ieum.demo runs one agency's programs and would see 403 there.
IEUM_USER_PASSWORD=$(head -c 18 /dev/urandom | base64) "$BIN" user create --email fuzz-operator@ieum.test \
  --name "퍼저 운영자" --role operator >"$WORK/user.log" 2>&1 || { echo "schemathesis: ieum user create failed"; cat "$WORK/user.log"; exit 2; }
TOKEN=$("$BIN" token create --email fuzz-operator@ieum.test --name schemathesis --days 30 | tail -1)
[[ $TOKEN == ieum_* ]] || { echo "schemathesis: no API token ($TOKEN)"; exit 2; }
curl -sf "http://127.0.0.1:$PORT/openapi.yaml" -o "$WORK/openapi.yaml" || { echo "schemathesis: /openapi.yaml not served"; exit 2; }

# No example database (.schemathesis/): every run starts from the seed alone, so CI runs repeat.
START=$SECONDS
# Run from the work folder: schemathesis keeps a .schemathesis/ folder in the current directory.
cd "$WORK"
"$VENV/bin/schemathesis" --config-file "$ROOT/scripts/schemathesis.toml" run "$WORK/openapi.yaml" \
  --url "http://127.0.0.1:$PORT/api/v1" -H "Authorization: Bearer $TOKEN" \
  --phases examples,coverage,fuzzing,stateful --checks all \
  --max-examples "$EXAMPLES" --seed "$SEED" --workers 1 --no-color \
  --generation-database none 2>&1 | tee "$WORK/run.log"
STATUS=${PIPESTATUS[0]}

operations=$(grep -aE '^ +Tested: [0-9]+' "$WORK/run.log" | grep -oE '[0-9]+' | head -1)
cases=$(grep -aoE '[0-9]+ generated' "$WORK/run.log" | grep -oE '[0-9]+' | tail -1)
failures=$(grep -aoE '[0-9]+ unique failures' "$WORK/run.log" | grep -oE '[0-9]+' | tail -1)
[[ -n $failures ]] || failures=$( ((STATUS == 0)) && echo 0 || echo "?")
echo "schemathesis: ${operations:-?} operations, ${cases:-?} cases, $failures failures ($((SECONDS - START)) s, seed $SEED, $EXAMPLES examples)"
exit "$STATUS"
