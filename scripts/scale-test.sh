#!/usr/bin/env bash
# Scale test (issue 18, item 5): three `ieum serve` instances on PostgreSQL behind nginx, loaded
# with generated startups (the real import) and needs (the real web form), measured with wrk; then
# the kill test, the shared-upload check, time to serve after a restart and memory; then the same
# mix on one instance with the SQLite default, including 50 concurrent writers.
#
#   scripts/scale-test.sh                                   # 100,000 startups, 10,000 needs, 60 s each
#   SCALE_STARTUPS=2000 SCALE_NEEDS=200 SCALE_SECONDS=10 scripts/scale-test.sh
#
# Settings (environment):
#   SCALE_STARTUPS (100000)  SCALE_NEEDS (10000)  SCALE_SECONDS (60, per wrk run)
#   SCALE_CONNECTIONS (32)   SCALE_THREADS (2)
#   SCALE_WRITERS (50) and SCALE_WRITER_SECONDS (60): the SQLite writers test
#   SCALE_KILL_SECONDS (20, the write load of the kill test)   SCALE_SEED (18)
#   SCALE_PAIR_NEEDS (300): needs whose top 100 give the (need, startup) pairs feedback is written on
#   SCALE_DB (ieum_scale: created and dropped here)   SCALE_BASE_PORT (18080: nginx; instances +1..+3)
#   SCALE_POSTGRES (1: run the PostgreSQL part)   SCALE_SQLITE (1: run the SQLite part)   SCALE_LOG_LEVEL (info)   SCALE_KEEP (0: 1 keeps the work folder)
#   IEUM_BIN (unset: `swift build -c release --product ieum`; else this binary, with its resource bundles beside it)
#   SCALE_BUILD_PATH (.build: the scratch path of the release build)
# Everything listens on 127.0.0.1. Every process started here is stopped by its PID on exit; the
# scale database is dropped; PostgreSQL is stopped only if this script started it. Needs root for
# apt-get when nginx, wrk or PostgreSQL are missing. Prints tables, then a summary against the goals.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
ROOT=$(pwd)
export DEBIAN_FRONTEND=noninteractive

SCALE_STARTUPS=${SCALE_STARTUPS:-100000}
SCALE_NEEDS=${SCALE_NEEDS:-10000}
SCALE_SECONDS=${SCALE_SECONDS:-60}
SCALE_CONNECTIONS=${SCALE_CONNECTIONS:-32}
SCALE_THREADS=${SCALE_THREADS:-2}
SCALE_WRITERS=${SCALE_WRITERS:-50}
SCALE_WRITER_SECONDS=${SCALE_WRITER_SECONDS:-60}
SCALE_KILL_SECONDS=${SCALE_KILL_SECONDS:-20}
SCALE_PAIR_NEEDS=${SCALE_PAIR_NEEDS:-300}
SCALE_SEED=${SCALE_SEED:-18}
SCALE_DB=${SCALE_DB:-ieum_scale}
SCALE_BASE_PORT=${SCALE_BASE_PORT:-18080}
SCALE_SQLITE=${SCALE_SQLITE:-1}
SCALE_POSTGRES=${SCALE_POSTGRES:-1}
SCALE_LOG_LEVEL=${SCALE_LOG_LEVEL:-info}
SCALE_KEEP=${SCALE_KEEP:-0}
SCALE_BUILD_PATH=${SCALE_BUILD_PATH:-.build}
for n in SCALE_STARTUPS SCALE_NEEDS SCALE_SECONDS SCALE_CONNECTIONS SCALE_THREADS SCALE_WRITERS SCALE_WRITER_SECONDS SCALE_KILL_SECONDS SCALE_PAIR_NEEDS SCALE_BASE_PORT; do
  [[ ${!n} =~ ^[0-9]+$ && ${!n} -gt 0 ]] || { echo "$n must be a positive whole number (got '${!n}')" >&2; exit 2; }
done
[[ $SCALE_DB =~ ^[a-z_][a-z0-9_]*$ ]] || { echo "SCALE_DB must be a plain lower-case name" >&2; exit 2; }
((SCALE_STARTUPS <= 200000 && SCALE_NEEDS <= 20000 && SCALE_SECONDS <= 600)) || { echo "sizes above 200,000 / 20,000 / 600 s are refused" >&2; exit 2; }

NGINX_PORT=$SCALE_BASE_PORT
PORTS=($((SCALE_BASE_PORT + 1)) $((SCALE_BASE_PORT + 2)) $((SCALE_BASE_PORT + 3)))
SQLITE_PORT=$((SCALE_BASE_PORT + 10))
PG_HOST=127.0.0.1
PG_PORT=5432
PG_URL="postgres://ieum:ieum@$PG_HOST:$PG_PORT/$SCALE_DB"
DEMO_PASSWORD=ieum-demo-2026
WRK_DIR="$ROOT/scripts/wrk"
PY=/usr/bin/python3
[[ -x $PY ]] || PY=python3
WORK=$(mktemp -d /tmp/ieum-scale.XXXXXX)
SECRET="scale-test-secret-$(date +%s)-not-for-production"

declare -A PID_OF=()      # name -> PID of every process this script started
PG_STARTED_HERE=0
DB_CREATED=0

log() { printf '[%s] %s\n' "$(date -u +%H:%M:%S)" "$*"; }
now() { date +%s.%N; }
since() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.2f", b - a }'; }

stop_pid() {  # stop_pid NAME: TERM, up to 10 s, then KILL; only our own PIDs
  local name=$1 pid=${PID_OF[$1]:-}
  [[ -n $pid ]] || return 0
  if kill -0 "$pid" 2>/dev/null; then
    kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -0 "$pid" 2>/dev/null && kill -KILL "$pid" 2>/dev/null || true
  fi
  wait "$pid" 2>/dev/null || true
  unset "PID_OF[$name]"
}

psql_admin() { runuser -u postgres -- psql -qtAX -v ON_ERROR_STOP=1 -p "$PG_PORT" "$@"; }
psql_scale() { PGPASSWORD=ieum psql -qtAX -v ON_ERROR_STOP=1 -h "$PG_HOST" -p "$PG_PORT" -U ieum -d "$SCALE_DB" "$@"; }

cleanup() {
  local status=$?
  set +e
  for name in "${!PID_OF[@]}"; do stop_pid "$name"; done
  if ((DB_CREATED)); then
    psql_admin -d postgres -c "DROP DATABASE IF EXISTS $SCALE_DB WITH (FORCE)" >/dev/null 2>&1 \
      && log "dropped database $SCALE_DB"
  fi
  if ((PG_STARTED_HERE)); then
    pg_ctlcluster "$(ls /usr/lib/postgresql | sort -n | tail -1)" main stop && log "stopped the PostgreSQL server this script started"
  fi
  if ((SCALE_KEEP)); then log "work folder kept: $WORK"; else rm -rf "$WORK"; fi
  exit $status
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# ------------------------------------------------------------------ tools, PostgreSQL, build
# apt_install and start_postgres are .ci/run's own functions.
APT_UPDATED=0
source <(sed -n '/^apt_install() {/,/^}/p' .ci/run)
source <(sed -n '/^start_postgres() {/,/^}/p' .ci/run)

log "tools: nginx, wrk, curl, PostgreSQL client (apt-get when missing)"
command -v nginx >/dev/null && command -v wrk >/dev/null && command -v curl >/dev/null \
  || apt_install nginx wrk curl >"$WORK/apt.log" 2>&1 || { cat "$WORK/apt.log"; exit 1; }

PG_MAX_CONNECTIONS="-"
if ((SCALE_POSTGRES)); then
  if pg_isready -q -h "$PG_HOST" -p "$PG_PORT"; then
    log "PostgreSQL already running on $PG_HOST:$PG_PORT: used as it is, not stopped afterwards"
    if [[ -z $(psql_admin -d postgres -c "SELECT 1 FROM pg_roles WHERE rolname = 'ieum'") ]]; then
      psql_admin -d postgres -c "CREATE ROLE ieum LOGIN PASSWORD 'ieum' CREATEDB" >/dev/null
    fi
  else
    log "PostgreSQL: starting it (.ci/run's start_postgres)"
    PG_STARTED_HERE=1   # set first: a start that fails half-way is still stopped on exit
    start_postgres >"$WORK/postgres-setup.log" 2>&1 || { cat "$WORK/postgres-setup.log"; exit 1; }
  fi
  psql_admin -d postgres -c "DROP DATABASE IF EXISTS $SCALE_DB WITH (FORCE)" >/dev/null
  psql_admin -d postgres -c "CREATE DATABASE $SCALE_DB OWNER ieum" >/dev/null
  DB_CREATED=1
  PG_MAX_CONNECTIONS=$(psql_admin -d postgres -c 'SHOW max_connections')
fi

if [[ -n ${IEUM_BIN:-} ]]; then
  BIN=$IEUM_BIN
  log "binary: $BIN (IEUM_BIN; not built here)"
else
  log "build: swift build -c release --product ieum --scratch-path $SCALE_BUILD_PATH"
  T=$(now)
  swift build -c release --product ieum --scratch-path "$SCALE_BUILD_PATH" 2>&1 | tail -3
  BIN="$ROOT/$SCALE_BUILD_PATH/release/ieum"
  log "build done in $(since "$T") s"
fi
[[ -x $BIN ]] || { echo "no ieum binary at $BIN" >&2; exit 1; }

# ------------------------------------------------------------------ helpers
# start_instance NAME PORT DATABASE_URL [serve options…]: PID_OF[NAME] is the ieum process itself.
start_instance() {
  local name=$1 port=$2 url=$3
  shift 3
  mkdir -p "$WORK/$name"
  (cd "$WORK/$name" && exec env -u IEUM_TEST_DATABASE_URL DATABASE_URL="$url" HOST=127.0.0.1 PORT="$port" \
     IEUM_FILE_STORE=database IEUM_DATA_DIR="$WORK/$name/data" IEUM_SECRET="$SECRET" IEUM_TRUST_PROXY=1 \
     LOG_LEVEL="$SCALE_LOG_LEVEL" "$BIN" serve "$@" >>"$WORK/$name.log" 2>&1) &
  PID_OF[$name]=$!
}

# wait_ready PORT SECONDS: polls /readyz every 50 ms; prints the seconds it took (or fails).
wait_ready() {
  local port=$1 limit=$2 t
  t=$(now)
  while :; do
    [[ $(curl -s -o /dev/null -w '%{http_code}' --max-time 2 "http://127.0.0.1:$port/readyz" || true) == 200 ]] && break
    awk -v a="$t" -v b="$(now)" -v l="$limit" 'BEGIN { exit !(b - a > l) }' && { echo "127.0.0.1:$port not ready after $limit s" >&2; return 1; }
    sleep 0.05
  done
  since "$t"
}

# first_answer URL SECONDS [curl options…]: seconds until URL answers 200.
first_answer() {
  local url=$1 limit=$2 t
  shift 2
  t=$(now)
  until [[ $(curl -s -o /dev/null -w '%{http_code}' --max-time 60 "$@" "$url" || true) == 200 ]]; do
    awk -v a="$t" -v b="$(now)" -v l="$limit" 'BEGIN { exit !(b - a > l) }' && { echo "never 200: $url" >&2; return 1; }
    sleep 0.1
  done
  since "$t"
}

rss_mb() { awk '/^VmRSS/ { printf "%.0f", $2 / 1024 }' "/proc/$1/status" 2>/dev/null || echo "?"; }
hwm_mb() { awk '/^VmHWM/ { printf "%.0f", $2 / 1024 }' "/proc/$1/status" 2>/dev/null || echo "?"; }

# 5xx answers an instance has counted (its /metrics, this machine may read it).
count_5xx() {
  curl -s --max-time 10 "http://127.0.0.1:$1/metrics" \
    | awk '/^ieum_http_requests_total\{/ && /status="5[0-9][0-9]"/ { s += $NF } END { printf "%d", s }'
}

declare -a TABLE=()
declare -A RESULT=()   # key -> "req/s p50 p99 non2xx sockerr requests"
CEILING=""
# run_wrk KEY LABEL URL SCRIPT CONNECTIONS SECONDS [script arguments…] (env SCALE_COOKIE/CSRF/BEARER/LINES)
run_wrk() {
  local key=$1 label=$2 url=$3 script=$4 conns=$5 secs=$6
  shift 6
  local threads=$SCALE_THREADS out line
  ((conns < threads)) && threads=$conns
  out=$(SCALE_WRK_DIR="$WRK_DIR" wrk -t"$threads" -c"$conns" -d"${secs}s" --timeout 10s --latency \
        -s "$WRK_DIR/$script" "$url" -- "$@" 2>&1) || true
  echo "$out" >"$WORK/wrk-$key.txt"
  line=$(grep '^RESULT' <<<"$out" | tail -1 || true)
  if [[ -z $line ]]; then
    RESULT[$key]="0 0 0 0 0 0"
    TABLE+=("$(printf '%-44s %9s %9s %9s %9s %9s %8s' "$label" "failed" "-" "-" "-" "-" "-")")
    log "$label: wrk printed no result (see $WORK/wrk-$key.txt)"
    return 0
  fi
  read -r _ requests rps p50 p99 bad sock <<<"$line"
  RESULT[$key]="$rps $p50 $p99 $bad $sock $requests"
  local ratio="-"
  [[ -n $CEILING && $key != ceiling* ]] && ratio=$(awk -v a="$rps" -v c="$CEILING" 'BEGIN { printf "%.3f", a / c }')
  TABLE+=("$(printf '%-44s %9s %9s %9s %9s %9s %8s' "$label" "$rps" "$p50" "$p99" "$bad" "$sock" "$ratio")")
  log "$label: $rps req/s, p50 $p50 ms, p99 $p99 ms, non-2xx/3xx $bad, socket errors $sock"
}

print_table() {
  echo
  echo "== $1"
  printf '%-44s %9s %9s %9s %9s %9s %8s\n' "endpoint" "req/s" "p50 ms" "p99 ms" "non2xx3xx" "sock err" "÷ceiling"
  printf '%s\n' "${TABLE[@]}"
  TABLE=()
}

# ------------------------------------------------------------------ data
log "data: $SCALE_STARTUPS startups, $SCALE_NEEDS needs (seed $SCALE_SEED)"
$PY scripts/scale/generate.py --startups "$SCALE_STARTUPS" --needs "$SCALE_NEEDS" --seed "$SCALE_SEED" --out "$WORK/data"

# load_data NAME PORT URL: `ieum migrate`; the demo (accounts, a program with an open call) by one
# `serve --demo` (stopped once ready: the demo loads only into an empty database); then the startups
# through `ieum import startups`, with no server running.
load_data() {
  local name=$1 port=$2 url=$3 t
  t=$(now)
  DATABASE_URL="$url" IEUM_SECRET="$SECRET" "$BIN" migrate 2>&1 | grep -av '\[Migrator\]' | tail -1
  log "$name: ieum migrate $(since "$t") s"
  start_instance "$name-demo" "$port" "$url" --demo
  wait_ready "$port" 600 >/dev/null
  stop_pid "$name-demo"
  grep -a -m1 -E '데모|demo' "$WORK/$name-demo.log" | cut -c1-160 || true
  t=$(now)
  (cd "$WORK" && env -u IEUM_TEST_DATABASE_URL DATABASE_URL="$url" IEUM_SECRET="$SECRET" IEUM_FILE_STORE=database \
     "$BIN" import startups "$WORK/data/startups.csv" >"$WORK/$name-import.log" 2>&1) \
     || { tail -20 "$WORK/$name-import.log"; return 1; }
  LOAD_IMPORT_S=$(since "$t")
  log "$name: ieum import startups ($LOAD_IMPORT_S s): $(tr '\r' '\n' <"$WORK/$name-import.log" | grep -v '^\s*$' | tail -1 | cut -c1-160)"
}

# sign_in NAME BASE: sessions of the demo's operator, demand organisation and startup; the demand's API token.
sign_in() {
  local name=$1 base=$2
  $PY scripts/scale/client.py login "$base" operator@ieum.demo "$DEMO_PASSWORD" >"$WORK/$name-operator.json"
  $PY scripts/scale/client.py login "$base" demand@ieum.demo "$DEMO_PASSWORD" >"$WORK/$name-demand.json"
  $PY scripts/scale/client.py login "$base" startup@ieum.demo "$DEMO_PASSWORD" >"$WORK/$name-startup.json"
  $PY scripts/scale/client.py token "$base" "$WORK/$name-demand.json" \
    | $PY -c 'import json,sys; print(json.load(sys.stdin)["token"])' >"$WORK/$name-token"
}

post_needs() {
  local name=$1 base=$2 out
  out=$($PY scripts/scale/client.py needs "$base" "$WORK/data/needs.jsonl" "$SCALE_NEEDS" \
        "$WORK/$name-demand.json" "$WORK/$name-operator.json" "$WORK/$name-needs.txt" --workers 6)
  log "$name: needs through the web form (POST /needs, submit, publish): $out"
  LOAD_NEEDS_S=$($PY -c 'import json,sys; print(json.loads(sys.argv[1])["seconds"])' "$out")
  [[ -s $WORK/$name-needs.txt ]] || { echo "no need was created" >&2; return 1; }
}

# make_lists NAME BASE: paths and pairs for wrk from the created needs and their recommendations.
make_lists() {
  local name=$1 base=$2 token
  token=$(cat "$WORK/$name-token")
  head -n 300 "$WORK/$name-needs.txt" | sed 's#^#/needs/#' >"$WORK/$name-need-pages.txt"
  head -n 300 "$WORK/$name-needs.txt" | sed 's#^\(.*\)$#/api/v1/needs/\1/recommendations#' >"$WORK/$name-rec-paths.txt"
  $PY scripts/scale/client.py pairs "$base" "$token" "$WORK/$name-needs.txt" "$WORK/$name-pairs-all.txt" --needs "$SCALE_PAIR_NEEDS" >/dev/null
  cut -f2 "$WORK/$name-pairs-all.txt" | sort -u | awk 'NR <= 500' | sed 's#^#/organizations/#' >"$WORK/$name-profiles.txt"
  # Two halves: wrk's feedback run and the kill test's writer never write the same pair.
  local total half
  total=$(wc -l <"$WORK/$name-pairs-all.txt")
  half=$((total / 2))
  head -n "$half" "$WORK/$name-pairs-all.txt" >"$WORK/$name-pairs-wrk.txt"
  tail -n +"$((half + 1))" "$WORK/$name-pairs-all.txt" >"$WORK/$name-pairs-kill.txt"
  # Applications: the newest needs first (the upload check uses the oldest).
  tac "$WORK/$name-needs.txt" | head -n -1 >"$WORK/$name-apply-needs.txt"
  log "$name: $(wc -l <"$WORK/$name-need-pages.txt") need pages, $(wc -l <"$WORK/$name-profiles.txt") profiles, $total feedback pairs"
}

# the_mix NAME BASE DIRECT_PORT: the read and write endpoints, SCALE_SECONDS each.
the_mix() {
  local name=$1 base=$2 cookie csrf scookie scsrf token
  cookie=$($PY -c 'import json,sys; print(json.load(open(sys.argv[1]))["cookie"])' "$WORK/$name-demand.json")
  csrf=$($PY -c 'import json,sys; print(json.load(open(sys.argv[1]))["csrf"])' "$WORK/$name-demand.json")
  scookie=$($PY -c 'import json,sys; print(json.load(open(sys.argv[1]))["cookie"])' "$WORK/$name-startup.json")
  scsrf=$($PY -c 'import json,sys; print(json.load(open(sys.argv[1]))["csrf"])' "$WORK/$name-startup.json")
  token=$(cat "$WORK/$name-token")
  local c=$SCALE_CONNECTIONS s=$SCALE_SECONDS
  SCALE_LINES= run_wrk "$name-calls" "GET /calls (anonymous)" "$base/calls" get.lua "$c" "$s"
  SCALE_COOKIE="$cookie" SCALE_LINES="$WORK/$name-need-pages.txt" \
    run_wrk "$name-need" "GET /needs/:id (its organisation, top 10)" "$base" get.lua "$c" "$s"
  SCALE_BEARER="$token" SCALE_LINES="$WORK/$name-rec-paths.txt" \
    run_wrk "$name-recs" "GET /api/v1/needs/:id/recommendations" "$base" get.lua "$c" "$s"
  SCALE_COOKIE="$cookie" SCALE_LINES="$WORK/$name-profiles.txt" \
    run_wrk "$name-profile" "GET /organizations/:id (startup profile)" "$base" get.lua "$c" "$s"
  SCALE_BEARER="$token" SCALE_LINES="$WORK/$name-pairs-wrk.txt" \
    run_wrk "$name-feedback" "PUT /api/v1/needs/:id/feedback/:startup" "$base" feedback.lua "$c" "$s" "$c"
  SCALE_COOKIE="$scookie" SCALE_CSRF="$scsrf" SCALE_LINES="$WORK/$name-apply-needs.txt" \
    run_wrk "$name-apply" "POST /needs/:id/pledge + /apply (startup)" "$base" apply.lua "$c" "$s" "$c"
}

# ================================================================== PostgreSQL, three instances, nginx
echo
echo "================================================================"
echo " Ieum scale test · $(date -u '+%Y-%m-%d %H:%M:%S UTC') · commit $(git rev-parse --short HEAD 2>/dev/null || echo '?')"
echo " $(nproc) cores, $(awk '/MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo); binary $BIN"
echo " $SCALE_STARTUPS startups, $SCALE_NEEDS needs; wrk ${SCALE_THREADS} threads × $SCALE_CONNECTIONS connections, $SCALE_SECONDS s a run"
echo " PostgreSQL $( ((SCALE_POSTGRES)) && psql_admin -d postgres -c 'SHOW server_version' | cut -d' ' -f1 || echo '(not used)') (max_connections $PG_MAX_CONNECTIONS), $(nginx -v 2>&1 | cut -d' ' -f3), $(wrk -v 2>&1 | awk 'NR == 1 { print $1, $2 }')"
echo "================================================================"

if ((SCALE_POSTGRES)); then
load_data pg "${PORTS[0]}" "$PG_URL"
PG_IMPORT_S=$LOAD_IMPORT_S
start_instance ieum1 "${PORTS[0]}" "$PG_URL"
FIRST_READY=$(wait_ready "${PORTS[0]}" 600)
log "ieum1 ($SCALE_STARTUPS startups in the database): ready in $FIRST_READY s"
start_instance ieum2 "${PORTS[1]}" "$PG_URL"
start_instance ieum3 "${PORTS[2]}" "$PG_URL"
wait_ready "${PORTS[1]}" 600 >/dev/null
wait_ready "${PORTS[2]}" 600 >/dev/null

mkdir -p "$WORK/nginx/tmp"
cat >"$WORK/nginx/nginx.conf" <<EOF
# Written by scripts/scale-test.sh; Debian's nginx binary, nothing under /etc/nginx.
daemon off;
worker_processes auto;
pid $WORK/nginx/nginx.pid;
error_log $WORK/nginx/error.log warn;
events { worker_connections 4096; }
http {
    access_log $WORK/nginx/access.log combined buffer=256k flush=2s;
    client_body_temp_path $WORK/nginx/tmp/body;
    proxy_temp_path $WORK/nginx/tmp/proxy;
    fastcgi_temp_path $WORK/nginx/tmp/fastcgi;
    uwsgi_temp_path $WORK/nginx/tmp/uwsgi;
    scgi_temp_path $WORK/nginx/tmp/scgi;
    upstream ieum {
        server 127.0.0.1:${PORTS[0]} max_fails=1 fail_timeout=2s;
        server 127.0.0.1:${PORTS[1]} max_fails=1 fail_timeout=2s;
        server 127.0.0.1:${PORTS[2]} max_fails=1 fail_timeout=2s;
        keepalive 64;
    }
    server {
        listen 127.0.0.1:$NGINX_PORT;
        client_max_body_size 12m;
        location / {
            proxy_pass http://ieum;
            proxy_http_version 1.1;
            proxy_set_header Connection "";
            proxy_set_header Host \$host;
            proxy_set_header X-Forwarded-For \$remote_addr;
            proxy_set_header X-Forwarded-Proto \$scheme;
            proxy_read_timeout 60s;
        }
    }
}
EOF
nginx -t -q -e "$WORK/nginx/error.log" -c "$WORK/nginx/nginx.conf" -p "$WORK/nginx"
nginx -e "$WORK/nginx/error.log" -c "$WORK/nginx/nginx.conf" -p "$WORK/nginx" &
PID_OF[nginx]=$!
NGINX="http://127.0.0.1:$NGINX_PORT"
until curl -s -o /dev/null "$NGINX/healthz"; do sleep 0.1; done
log "nginx on 127.0.0.1:$NGINX_PORT → 127.0.0.1:${PORTS[0]}, ${PORTS[1]}, ${PORTS[2]} (round robin)"

sign_in pg "$NGINX"
post_needs pg "$NGINX"
PG_NEEDS_S=$LOAD_NEEDS_S
make_lists pg "$NGINX"

# Warm-up: every instance answers each kind of request once (the first recommendation may build an index).
for port in "${PORTS[@]}"; do
  curl -s -o /dev/null --max-time 120 -H "Authorization: Bearer $(cat "$WORK/pg-token")" \
    "http://127.0.0.1:$port$(head -1 "$WORK/pg-rec-paths.txt")" || true
done

# ---- shared upload: through instance 1, downloaded through 2 and 3
UPLOAD=$($PY scripts/scale/client.py upload "http://127.0.0.1:${PORTS[0]}" "http://127.0.0.1:${PORTS[1]}" \
  "http://127.0.0.1:${PORTS[2]}" "$WORK/pg-startup.json" "$(head -1 "$WORK/pg-needs.txt")" || echo '{"ok": false}')
UPLOAD_OK=$($PY -c 'import json,sys; print("yes" if json.loads(sys.argv[1]).get("ok") else "no")' "$UPLOAD")
log "upload through ${PORTS[0]}, download through all three: $UPLOAD"

# ---- the mix: the framework's ceiling first (a bare route on one instance, no nginx)
run_wrk ceiling-pg "GET /healthz on one instance (ceiling)" "http://127.0.0.1:${PORTS[0]}/healthz" get.lua "$SCALE_CONNECTIONS" "$SCALE_SECONDS"
CEILING=$(cut -d' ' -f1 <<<"${RESULT[ceiling-pg]}")
run_wrk nginx-healthz "GET /healthz through nginx" "$NGINX/healthz" get.lua "$SCALE_CONNECTIONS" "$SCALE_SECONDS"
the_mix pg "$NGINX"
RSS_AFTER_MIX=""
for i in 1 2 3; do RSS_AFTER_MIX+="ieum$i $(rss_mb "${PID_OF[ieum$i]}") MB (peak $(hwm_mb "${PID_OF[ieum$i]}") MB); "; done
print_table "PostgreSQL, 3 instances behind nginx ($SCALE_STARTUPS startups, $SCALE_NEEDS needs; ÷ceiling = req/s ÷ /healthz on one instance)"

# ---- kill test: feedback writes through nginx; instance 2 is killed with SIGKILL and restarted
log "kill test: $SCALE_KILL_SECONDS s of feedback writes through nginx (16 clients); kill -9 ieum2 after 5 s"
$PY scripts/scale/client.py writer "$NGINX" "$(cat "$WORK/pg-token")" "$WORK/pg-pairs-kill.txt" "$SCALE_KILL_SECONDS" \
  "$WORK/kill-acks.tsv" --workers 16 >"$WORK/kill-writer.json" &
PID_OF[writer]=$!
sleep 5
KILLED_PID=${PID_OF[ieum2]}
kill -KILL "$KILLED_PID"
wait "$KILLED_PID" 2>/dev/null || true
unset "PID_OF[ieum2]"
log "killed ieum2 (PID $KILLED_PID) with SIGKILL"
sleep 2
T=$(now)
start_instance ieum2 "${PORTS[1]}" "$PG_URL"
RESTART_READY=$(wait_ready "${PORTS[1]}" 600)
RESTART_FIRST_REC=$(first_answer "http://127.0.0.1:${PORTS[1]}$(head -1 "$WORK/pg-rec-paths.txt")" 600 \
  -H "Authorization: Bearer $(cat "$WORK/pg-token")")
RESTART_SERVE=$(awk -v a="$T" -v b="$(now)" 'BEGIN { printf "%.2f", b - a }')
RESTART_RSS=$(rss_mb "${PID_OF[ieum2]}")
log "ieum2 restarted: /readyz 200 after $RESTART_READY s; first recommendation answered $RESTART_SERVE s after the start; RSS $RESTART_RSS MB"
wait "${PID_OF[writer]}" || true
unset "PID_OF[writer]"
WRITER=$(cat "$WORK/kill-writer.json")
ACKED=$(wc -l <"$WORK/kill-acks.tsv")
psql_scale -c "CREATE TEMP TABLE acks (need_id uuid, startup_id uuid, kind text)" \
  -c "\\copy acks FROM '$WORK/kill-acks.tsv'" \
  -c "SELECT count(*) FROM acks a WHERE EXISTS (SELECT 1 FROM match_feedback f WHERE f.need_id = a.need_id AND f.startup_id = a.startup_id AND f.kind = a.kind)" \
  >"$WORK/kill-found.txt"
FOUND=$(tail -1 "$WORK/kill-found.txt")
LOST=$((ACKED - FOUND))
log "kill test: writer $WRITER; acknowledged $ACKED, found in PostgreSQL $FOUND, lost $LOST"

# ---- time to serve after a clean restart, and memory, at this size
stop_pid ieum3
T=$(now)
start_instance ieum3 "${PORTS[2]}" "$PG_URL"
CLEAN_READY=$(wait_ready "${PORTS[2]}" 600)
first_answer "http://127.0.0.1:${PORTS[2]}$(head -1 "$WORK/pg-rec-paths.txt")" 600 -H "Authorization: Bearer $(cat "$WORK/pg-token")" >/dev/null
CLEAN_SERVE=$(awk -v a="$T" -v b="$(now)" 'BEGIN { printf "%.2f", b - a }')
CLEAN_RSS=$(rss_mb "${PID_OF[ieum3]}")
MAX_PEAK=0
for i in 1 2 3; do
  p=$(hwm_mb "${PID_OF[ieum$i]}"); [[ $p =~ ^[0-9]+$ ]] && ((p > MAX_PEAK)) && MAX_PEAK=$p
done
for p in $(grep -o 'peak [0-9]*' <<<"$RSS_AFTER_MIX" | cut -d' ' -f2); do ((p > MAX_PEAK)) && MAX_PEAK=$p; done

echo
echo "== PostgreSQL: loading, restart, memory, kill test, shared files"
printf '%-58s %s\n' \
  "import of $SCALE_STARTUPS startups (ieum import)" "$PG_IMPORT_S s" \
  "needs through the web form ($SCALE_NEEDS × create, submit, publish)" "$PG_NEEDS_S s" \
  "first start with the startups (/readyz 200)" "$FIRST_READY s" \
  "restart after kill -9: /readyz 200" "$RESTART_READY s" \
  "restart after kill -9: first recommendation answered" "$RESTART_SERVE s" \
  "clean restart: first recommendation answered" "$CLEAN_SERVE s (/readyz $CLEAN_READY s)" \
  "RSS after the mix" "$RSS_AFTER_MIX" \
  "RSS after a restart / peak of any instance" "$CLEAN_RSS MB / $MAX_PEAK MB" \
  "kill test: writes acknowledged / found / lost" "$ACKED / $FOUND / $LOST  ($WRITER)" \
  "upload via ${PORTS[0]}, download via ${PORTS[1]} and ${PORTS[2]}" "$UPLOAD_OK  $UPLOAD"

for name in nginx ieum1 ieum2 ieum3; do stop_pid "$name"; done
fi


# ================================================================== SQLite, one instance
if ((SCALE_SQLITE)); then
  SQLITE_URL="$WORK/sqlite/ieum.sqlite"
  mkdir -p "$WORK/sqlite"
  load_data sqlite "$SQLITE_PORT" "$SQLITE_URL"
  SQ_IMPORT_S=$LOAD_IMPORT_S
  start_instance sqlite1 "$SQLITE_PORT" "$SQLITE_URL"
  SQ_READY=$(wait_ready "$SQLITE_PORT" 600)
  SQ="http://127.0.0.1:$SQLITE_PORT"
  sign_in sqlite "$SQ"
  post_needs sqlite "$SQ"
  SQ_NEEDS_S=$LOAD_NEEDS_S
  make_lists sqlite "$SQ"
  curl -s -o /dev/null --max-time 120 -H "Authorization: Bearer $(cat "$WORK/sqlite-token")" "$SQ$(head -1 "$WORK/sqlite-rec-paths.txt")" || true
  CEILING=""
  run_wrk ceiling-sqlite "GET /healthz (ceiling)" "$SQ/healthz" get.lua "$SCALE_CONNECTIONS" "$SCALE_SECONDS"
  CEILING=$(cut -d' ' -f1 <<<"${RESULT[ceiling-sqlite]}")
  the_mix sqlite "$SQ"
  # 50 concurrent writers: feedback writes on distinct pairs (the kill half, unused on SQLite).
  BEFORE_5XX=$(count_5xx "$SQLITE_PORT")
  SCALE_BEARER="$(cat "$WORK/sqlite-token")" SCALE_LINES="$WORK/sqlite-pairs-kill.txt" \
    run_wrk sqlite-writers "$SCALE_WRITERS writers: PUT feedback, ${SCALE_WRITER_SECONDS} s" "$SQ" feedback.lua "$SCALE_WRITERS" "$SCALE_WRITER_SECONDS" "$SCALE_WRITERS"
  AFTER_5XX=$(count_5xx "$SQLITE_PORT")
  SQ_5XX=$((AFTER_5XX - BEFORE_5XX))
  SQ_RSS="$(rss_mb "${PID_OF[sqlite1]}") MB (peak $(hwm_mb "${PID_OF[sqlite1]}") MB)"
  stop_pid sqlite1
  T=$(now)
  start_instance sqlite1 "$SQLITE_PORT" "$SQLITE_URL"
  SQ_RESTART=$(wait_ready "$SQLITE_PORT" 600)
  first_answer "$SQ$(head -1 "$WORK/sqlite-rec-paths.txt")" 600 -H "Authorization: Bearer $(cat "$WORK/sqlite-token")" >/dev/null
  SQ_RESTART_SERVE=$(awk -v a="$T" -v b="$(now)" 'BEGIN { printf "%.2f", b - a }')
  stop_pid sqlite1
  print_table "SQLite file, one instance, no nginx ($SCALE_STARTUPS startups, $SCALE_NEEDS needs)"
  printf '%-58s %s\n' \
    "import of $SCALE_STARTUPS startups (ieum import)" "$SQ_IMPORT_S s" \
    "needs through the web form" "$SQ_NEEDS_S s" \
    "first start with the startups (/readyz 200)" "$SQ_READY s" \
    "restart: /readyz 200 / first recommendation" "$SQ_RESTART s / $SQ_RESTART_SERVE s" \
    "RSS after the mix" "$SQ_RSS" \
    "5xx counted by /metrics during the $SCALE_WRITERS writers" "$SQ_5XX"
fi

# ================================================================== summary against issue 18's goals
verdict() { if awk "BEGIN { exit !($1) }"; then echo "met"; else echo "NOT MET"; fi; }
field() { cut -d' ' -f"$2" <<<"${RESULT[$1]:-0 0 0 0 0 0}"; }
SIZE_NOTE=""
((SCALE_STARTUPS < 100000)) && SIZE_NOTE=" (at $SCALE_STARTUPS startups, not 100,000)"
echo
echo "== Summary against issue 18's goals ($(nproc) cores; $SCALE_STARTUPS startups, $SCALE_NEEDS needs; $SCALE_SECONDS s runs)"
R="pg-recs"; C="pg-calls"; N="pg-need"
printf '%-74s %-10s %s\n' "goal" "result" "measured"
if ((SCALE_POSTGRES)); then
printf '%-74s %-10s %s\n' \
  "recommendations API via nginx ≥ 1,000 req/s, p99 ≤ 50 ms, zero errors" \
  "$(verdict "$(field $R 1) >= 1000 && $(field $R 3) <= 50 && $(field $R 4) + $(field $R 5) == 0")" \
  "$(field $R 1) req/s, p99 $(field $R 3) ms, $(field $R 4) non-2xx/3xx, $(field $R 5) socket errors" \
  "/calls via nginx ≥ 500 req/s, p99 ≤ 100 ms" \
  "$(verdict "$(field $C 1) >= 500 && $(field $C 3) <= 100 && $(field $C 4) + $(field $C 5) == 0")" \
  "$(field $C 1) req/s, p99 $(field $C 3) ms, $(field $C 4) non-2xx/3xx, $(field $C 5) socket errors" \
  "a need page via nginx ≥ 500 req/s, p99 ≤ 100 ms" \
  "$(verdict "$(field $N 1) >= 500 && $(field $N 3) <= 100 && $(field $N 4) + $(field $N 5) == 0")" \
  "$(field $N 1) req/s, p99 $(field $N 3) ms, $(field $N 4) non-2xx/3xx, $(field $N 5) socket errors" \
  "ready to serve ≤ 10 s after a restart$SIZE_NOTE" \
  "$(verdict "$RESTART_SERVE <= 10 && $CLEAN_SERVE <= 10")" \
  "after kill -9 $RESTART_SERVE s, clean restart $CLEAN_SERVE s (first recommendation answered)" \
  "memory of an instance ≤ 1 GB$SIZE_NOTE" \
  "$(verdict "$MAX_PEAK <= 1024")" "peak RSS $MAX_PEAK MB" \
  "zero lost writes in the kill test" \
  "$(verdict "$ACKED > 0 && $LOST == 0")" "$ACKED acknowledged, $FOUND found, $LOST lost" \
  "an upload through one instance downloads through the other two" \
  "$( [[ $UPLOAD_OK == yes ]] && echo met || echo 'NOT MET')" "$UPLOAD_OK"
fi
if ((SCALE_SQLITE)); then
  W="sqlite-writers"
  if ((SCALE_WRITER_SECONDS >= 60 && SCALE_WRITERS >= 50)); then
    SQ_VERDICT=$(verdict "$SQ_5XX == 0 && $(field $W 6) > 0")
  else
    SQ_VERDICT="not shown"
  fi
  printf '%-74s %-10s %s\n' "SQLite: 50 concurrent writers for 60 s, zero 5xx" "$SQ_VERDICT" \
    "$SCALE_WRITERS writers for $SCALE_WRITER_SECONDS s: $(field $W 6) requests, $(field $W 1) req/s, p99 $(field $W 3) ms, $SQ_5XX 5xx, $(field $W 4) non-2xx/3xx"
fi
if ((SCALE_POSTGRES)); then
  echo "ratio to the ceiling (/healthz on one instance, PostgreSQL run: $(field ceiling-pg 1) req/s): recommendations $(awk -v a="$(field $R 1)" -v c="$(field ceiling-pg 1)" 'BEGIN { printf "%.3f", a / (c > 0 ? c : 1) }'), /calls $(awk -v a="$(field $C 1)" -v c="$(field ceiling-pg 1)" 'BEGIN { printf "%.3f", a / (c > 0 ? c : 1) }'), need page $(awk -v a="$(field $N 1)" -v c="$(field ceiling-pg 1)" 'BEGIN { printf "%.3f", a / (c > 0 ? c : 1) }')"
fi
