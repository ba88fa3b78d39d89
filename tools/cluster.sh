#!/usr/bin/env bash
# A RelayNovel cluster on this machine, on loopback:
#   bash tools/cluster.sh up [--nodes N] [--app DIR]   Redis, PostgreSQL, one inference node, N web nodes (default 2)
#                                                      and nginx in front (sticky sessions, WebSockets), then prints
#                                                      one line per process `node NAME URL pid PID` and `lb URL`
#   bash tools/cluster.sh down                         stops every process `up` started, by its own PID, and deletes
#                                                      the data (the cluster is for trying things out, not keeping)
#   bash tools/cluster.sh restart NAME                 starts app node NAME (inference, web1..) again after it stopped
#                                                      or was killed, on its old ports; prints its `node` line
# Redis, PostgreSQL and nginx come from Debian's packages, installed with apt when missing (their own services are
# not started). The app is published once into the state folder, or taken from --app (a folder holding
# RelayNovel.Web.dll, e.g. RelayNovel.Web/bin/Release/net10.0 after a build). State, data and logs live in
# $RELAYNOVEL_CLUSTER_STATE (default: /tmp/relaynovel-cluster); one cluster per state folder.
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
state="${RELAYNOVEL_CLUSTER_STATE:-${TMPDIR:-/tmp}/relaynovel-cluster}"
pids="$state/pids"   # "NAME PID STARTTIME" per line, in start order

say() { echo "[cluster] $*" >&2; }
die() { say "$*"; exit 1; }

# The kernel's start time of a process: a PID that was reused by another process no longer matches.
started_at() { [ -r "/proc/$1/stat" ] && awk '{ sub(/^.*\) /, ""); print $20 }' "/proc/$1/stat"; }
# Present: the same process (same start time), maybe a zombie. Alive: present and running (not a zombie, i.e. a
# stopped or killed node that this machine's init has not reaped yet).
present() { [ -n "$1" ] && [ "$(started_at "$1" 2>/dev/null)" = "$2" ]; }
alive() { present "$1" "$2" && [ "$(state_of "$1")" != Z ]; }
state_of() { [ -r "/proc/$1/stat" ] && awk '{ sub(/^.*\) /, ""); print $1 }' "/proc/$1/stat" 2>/dev/null; }
remember() { echo "$1 $2 $(started_at "$2")" >>"$pids"; }

free_ports() {   # N distinct loopback ports nothing listens on, bound all at once so none repeats
  python3 - "$1" <<'PY'
import socket, sys
socks = [socket.socket() for _ in range(int(sys.argv[1]))]
for s in socks:
    s.bind(("127.0.0.1", 0))
print(" ".join(str(s.getsockname()[1]) for s in socks))
PY
}

as_root() { if [ "$(id -u)" = 0 ]; then bash -c "$1"; else sudo bash -c "$1"; fi; }

install_missing() {
  local want=()
  command -v redis-server >/dev/null 2>&1 || want+=(redis-server)
  ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || want+=(postgresql)
  command -v nginx >/dev/null 2>&1 || [ -x /usr/sbin/nginx ] || want+=(nginx-light)
  [ ${#want[@]} -eq 0 ] && return
  say "installing ${want[*]} from Debian"
  # policy-rc.d answering 101 keeps the packages from starting their own system services; removed again after.
  as_root '[ -e /usr/sbin/policy-rc.d ] || { printf "#!/bin/sh\nexit 101\n" >/usr/sbin/policy-rc.d; chmod +x /usr/sbin/policy-rc.d; trap "rm -f /usr/sbin/policy-rc.d" EXIT; }
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq '"${want[*]}"' >/dev/null'
}

wait_http() {   # URL, name, pid: until it answers, the process dies, or 180 s pass
  local deadline=$((SECONDS + 180))
  until curl -fsS -o /dev/null "$1" 2>/dev/null; do
    kill -0 "$3" 2>/dev/null || die "$2 exited while starting; see $state/$2.log"
    [ $SECONDS -lt $deadline ] || die "$2 did not answer $1 within 180 s; see $state/$2.log"
    sleep 0.5
  done
}

launch() {   # NAME: starts an app node from its run file, in the background; its PID in $launched
  nohup bash "$state/$1.run" </dev/null >>"$state/$1.log" 2>&1 &
  launched=$!
  remember "$1" "$launched"
}

up() {
  local nodes=2 app=""
  while [ $# -gt 0 ]; do
    case "$1" in
      --nodes) nodes="${2:?--nodes needs a number}"; shift 2 ;;
      --app) app="${2:?--app needs a folder}"; shift 2 ;;
      *) die "unknown option $1 (up [--nodes N] [--app DIR])" ;;
    esac
  done
  [[ "$nodes" =~ ^[1-9][0-9]*$ ]] || die "--nodes must be 1 or more"
  if [ -s "$pids" ]; then
    while read -r name pid start; do
      alive "$pid" "$start" && die "a cluster is already up in $state ($name, pid $pid): run 'tools/cluster.sh down' first"
    done <"$pids"
  fi
  rm -rf "$state" && mkdir -p "$state" && : >"$pids"
  # A start that fails half-way stops what it had started (the logs are kept for reading).
  trap 'code=$?; if [ $code -ne 0 ]; then say "stopping what had started"; keep_logs=1 down >/dev/null; fi' EXIT
  install_missing

  if [ -z "$app" ]; then
    say "publishing the app into $state/app"
    dotnet publish "$repo/RelayNovel.Web" -c Release -o "$state/app" -nologo -v q >"$state/publish.log" 2>&1 \
      || die "dotnet publish failed; see $state/publish.log"
    app="$state/app"
  fi
  app="$(cd "$app" && pwd)"
  [ -f "$app/RelayNovel.Web.dll" ] || die "no RelayNovel.Web.dll in $app"
  # A build folder (not a publish) serves its static files (MudBlazor's, Blazor's script) only in Development.
  local environment=Production
  [ -f "$app/RelayNovel.Web.staticwebassets.runtime.json" ] && environment=Development

  # Ports: Redis, PostgreSQL, the balancer, and HTTP + silo + gateway for each app node (the inference node first).
  local count=$((3 + 3 * (nodes + 1)))
  read -r -a ports <<<"$(free_ports $count)"
  local redis_port=${ports[0]} pg_port=${ports[1]} lb_port=${ports[2]}
  local lb="http://127.0.0.1:$lb_port"

  # Redis: no persistence (--save ""), loopback only.
  mkdir -p "$state/redis"
  nohup redis-server --port "$redis_port" --bind 127.0.0.1 --dir "$state/redis" --save "" --appendonly no \
    </dev/null >"$state/redis.log" 2>&1 &
  remember redis $!
  local redis_pid=$!

  # PostgreSQL: a fresh cluster in the state folder, run by the postgres user (the server refuses root).
  local pg_bin; pg_bin="$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)"
  local pg="$state/postgres" run_pg=""
  mkdir -p "$pg"
  if [ "$(id -u)" = 0 ]; then chown postgres:postgres "$pg"; run_pg="runuser -u postgres --"; fi
  $run_pg "$pg_bin/initdb" -D "$pg/data" -U postgres -A trust -E UTF8 --locale=C >"$state/initdb.log" 2>&1 \
    || die "initdb failed; see $state/initdb.log"
  $run_pg "$pg_bin/pg_ctl" -D "$pg/data" -l "$pg/server.log" -w -t 60 \
    -o "-p $pg_port -c listen_addresses=127.0.0.1 -c unix_socket_directories=$pg -c max_connections=200" start >/dev/null \
    || die "PostgreSQL did not start; see $pg/server.log"
  local pg_pid; pg_pid="$(head -1 "$pg/data/postmaster.pid")"
  remember postgres "$pg_pid"
  "$pg_bin/psql" -h 127.0.0.1 -p "$pg_port" -U postgres -qc "CREATE DATABASE relaynovel" postgres >/dev/null

  until redis-cli -p "$redis_port" ping >/dev/null 2>&1; do
    kill -0 "$redis_pid" 2>/dev/null || die "Redis exited; see $state/redis.log"
    sleep 0.1
  done

  # App nodes: one inference node, then web1..webN; all share PostgreSQL and Redis (Orleans membership, SignalR
  # backplane, Data Protection keys, write budget) and read forwarded headers from the balancer on loopback.
  local names=(inference) urls=() node_pids=() i
  for i in $(seq 1 "$nodes"); do names+=("web$i"); done
  local model="${RELAYNOVEL_MODEL:-$repo/onnx}" cluster_id="relaynovel-$$-$RANDOM"
  for i in "${!names[@]}"; do
    local name=${names[$i]} http=${ports[$((3 + 3 * i))]} silo=${ports[$((4 + 3 * i))]} gateway=${ports[$((5 + 3 * i))]}
    local role=web; [ "$name" = inference ] && role=inference
    # Each node's start, written down so that `restart NAME` starts it again exactly so (same ports, same cluster).
    {
      echo "cd $(printf %q "$app")"
      # What the caller of `up` set for the app (e.g. RelayNovel__WritesPerWindow=0) holds for a restart too.
      export -p | grep -E '^declare -x (RelayNovel__|ASPNETCORE_|DOTNET_)' || true
      printf 'export %s\n' \
        "ASPNETCORE_URLS=http://127.0.0.1:$http" "ASPNETCORE_ENVIRONMENT=${ASPNETCORE_ENVIRONMENT:-$environment}" \
        RelayNovel__Store=postgres \
        "RelayNovel__PostgresConnection='Host=127.0.0.1;Port=$pg_port;Database=relaynovel;Username=postgres'" \
        "RelayNovel__DataPath=$(printf %q "$state/$name.db")" \
        "RelayNovel__ModelPath=$(printf %q "$model")" \
        "RelayNovel__PublicBaseUrl=$lb" \
        "RelayNovel__Cluster__Role=$role" \
        "RelayNovel__Cluster__Redis=127.0.0.1:$redis_port" \
        "RelayNovel__Cluster__ClusterId=$cluster_id" \
        "RelayNovel__Cluster__SiloPort=$silo" \
        "RelayNovel__Cluster__GatewayPort=$gateway"
      echo "exec dotnet $(printf %q "$app/RelayNovel.Web.dll")"
    } >"$state/$name.run"
    echo "http://127.0.0.1:$http" >"$state/$name.url"
    launch "$name"
    urls+=("http://127.0.0.1:$http")
    node_pids+=("$launched")
  done

  # nginx: sticky by a cookie it sets on a client's first answer (a random id hashed to one web node, so clients
  # spread over the nodes and each stays on its own); WebSockets (Blazor, SignalR) and SSE passed through unbuffered.
  # Each answer names the node that gave it (X-RelayNovel-Node: its address), so failover can be watched.
  mkdir -p "$state/nginx"
  proxied() {   # what both locations pass on: WebSockets, the client's address, unbuffered streams, the answering node
    echo "      proxy_http_version 1.1;"
    echo "      proxy_set_header Upgrade \$http_upgrade;"
    echo "      proxy_set_header Connection \$connection_upgrade;"
    echo "      proxy_set_header Host \$http_host;"
    echo "      proxy_set_header X-Forwarded-For \$proxy_add_x_forwarded_for;"
    echo "      proxy_set_header X-Forwarded-Proto \$scheme;"
    echo "      proxy_buffering off; proxy_request_buffering off; proxy_read_timeout 1h; proxy_send_timeout 1h;"
    echo "      add_header X-RelayNovel-Node \$upstream_addr always;"
  }
  {
    echo "worker_processes 1; daemon off; pid $state/nginx/nginx.pid; error_log $state/nginx/error.log warn;"
    echo "events { worker_connections 4096; }"
    echo "http {"
    echo "  access_log off; client_body_temp_path $state/nginx/body; proxy_temp_path $state/nginx/proxy;"
    echo "  fastcgi_temp_path $state/nginx/fastcgi; uwsgi_temp_path $state/nginx/uwsgi; scgi_temp_path $state/nginx/scgi;"
    echo "  map \$http_upgrade \$connection_upgrade { default upgrade; '' ''; }"
    echo "  map \$cookie_relaynovel_node \$relaynovel_node { '' \$request_id; default \$cookie_relaynovel_node; }"
    echo "  map \$cookie_relaynovel_node \$relaynovel_set_node { '' 'relaynovel_node=\$request_id; Path=/; HttpOnly; SameSite=Lax'; default ''; }"
    echo "  upstream relaynovel_web {"
    echo "    hash \$relaynovel_node consistent;"
    for i in $(seq 1 "$nodes"); do echo "    server ${urls[$i]#http://};"; done
    echo "    keepalive 32;"
    echo "  }"
    echo "  upstream relaynovel_inference {"
    echo "    server ${urls[0]#http://};"
    echo "    keepalive 8;"
    echo "  }"
    echo "  server {"
    echo "    listen 127.0.0.1:$lb_port;"
    echo "    client_max_body_size 16m;"
    echo "    location / {"
    echo "      proxy_pass http://relaynovel_web;"
    proxied
    echo "      add_header Set-Cookie \$relaynovel_set_node always;"
    echo "    }"
    # The model API goes to the inference node, which runs the engine (web nodes load no model and refuse it).
    echo "    location ~ ^/(v1/|api/continue\$) {"
    echo "      proxy_pass http://relaynovel_inference;"
    proxied
    echo "    }"
    echo "  }"
    echo "}"
  } >"$state/nginx/nginx.conf"
  local nginx_bin; nginx_bin="$(command -v nginx || echo /usr/sbin/nginx)"
  "$nginx_bin" -t -q -p "$state/nginx" -c "$state/nginx/nginx.conf" 2>"$state/nginx/test.log" \
    || die "nginx refused its configuration; see $state/nginx/test.log"
  nohup "$nginx_bin" -p "$state/nginx" -c "$state/nginx/nginx.conf" </dev/null >"$state/nginx.log" 2>&1 &
  remember lb $!
  local lb_pid=$!

  for i in "${!names[@]}"; do wait_http "${urls[$i]}/health" "${names[$i]}" "${node_pids[$i]}"; done
  wait_http "$lb/health" nginx "$lb_pid"

  echo "node redis redis://127.0.0.1:$redis_port pid $redis_pid"
  echo "node postgres postgresql://postgres@127.0.0.1:$pg_port/relaynovel pid $pg_pid"
  for i in "${!names[@]}"; do echo "node ${names[$i]} ${urls[$i]} pid ${node_pids[$i]}"; done
  echo "lb $lb"
  trap - EXIT
}

down() {
  [ -s "$pids" ] || { say "nothing to stop in $state"; rm -rf "$state"; return; }
  # In reverse start order, one at a time: the balancer, the web nodes and the inference node (each silo leaves the
  # cluster while the others still answer), the databases last. TERM, then KILL after 30 s.
  local lines; mapfile -t lines < <(tac "$pids")
  local line name pid start deadline
  for line in "${lines[@]}"; do
    read -r name pid start <<<"$line"
    if alive "$pid" "$start"; then
      if [ "$name" = postgres ]; then
        local pg_bin; pg_bin="$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)"
        local run_pg=""; [ "$(id -u)" = 0 ] && run_pg="runuser -u postgres --"
        $run_pg "$pg_bin/pg_ctl" -D "$state/postgres/data" -m fast -w -t 30 stop >/dev/null 2>&1 || kill -TERM "$pid" 2>/dev/null || true
      else
        kill -TERM "$pid" 2>/dev/null || true
      fi
      deadline=$((SECONDS + 30))
      while alive "$pid" "$start" && [ $SECONDS -lt $deadline ]; do sleep 0.1; done
      if alive "$pid" "$start"; then
        say "$name (pid $pid) did not stop in 30 s: killing it"
        kill -KILL "$pid" 2>/dev/null || true
      fi
    fi
    # Until init has reaped it (a few seconds at most), so nothing of it is left when `down` returns.
    deadline=$((SECONDS + 10))
    while present "$pid" "$start" && [ $SECONDS -lt $deadline ]; do sleep 0.1; done
    echo "stopped $name pid $pid"
  done
  if [ -n "${keep_logs:-}" ]; then rm -rf "$state/postgres" "$state/redis" "$pids"; else rm -rf "$state"; fi
}

restart() {   # NAME: starts an app node that stopped (killed, crashed) again, as `up` started it
  local name="${1:?restart needs a node name (inference, web1, ...)}"
  [ -f "$state/$name.run" ] || die "no app node '$name' in $state (only app nodes restart: inference, web1..webN)"
  local last; last="$(grep "^$name " "$pids" | tail -1)"
  local pid start; read -r _ pid start <<<"$last"
  alive "$pid" "$start" && die "$name still runs (pid $pid)"
  launch "$name"
  local url; url="$(cat "$state/$name.url")"
  wait_http "$url/health" "$name" "$launched"
  echo "node $name $url pid $launched"
}

case "${1:-}" in
  up) shift; up "$@" ;;
  down) shift; down "$@" ;;
  restart) shift; restart "$@" ;;
  *) echo "usage: tools/cluster.sh up [--nodes N] [--app DIR] | down | restart NAME" >&2; exit 2 ;;
esac
