#!/usr/bin/env bash
# Reruns the benchmarks behind samples/benchmarks/RESULTS.md, from the repository root, with ../shared beside it.
#   bash samples/benchmarks/run.sh [jmh|forks|paired|keys|binding|bindpairs|orders|memory|http|http1k|cli|clipairs|uploads|
#     client|clientprofile|plots|all]
#   (default: all)
# Results (raw outputs) go to samples/benchmarks/results/. Nothing here is a test: no number fails anything.
set -euo pipefail
cd "$(dirname "$0")/../.."
what="${1:-all}"
out=samples/benchmarks/results
mkdir -p "$out"
mvn -B -q -DskipTests package

# Waits (up to 10 s) until a server answers on 127.0.0.1:$1.
wait_until_serving() {
  for _ in $(seq 100); do curl -s -o /dev/null "http://127.0.0.1:$1/" && return; sleep 0.1; done
}

# Serves the files of $1/docs on 127.0.0.1:$2 (the client part's responses): nginx, installed if absent, typed
# application/json and application/x-ndjson by extension, everything it writes inside $1; where nginx cannot be had, the
# JDK's HttpServer from the benchmarks jar ($3). Sets server (its pid) and server_name.
start_doc_server() {
  local work=$1 port=$2 jar=$3
  mkdir -p "$work/nginx"
  command -v nginx >/dev/null || { apt-get update -qq && apt-get install -y -qq nginx-light >/dev/null; } || true
  if command -v nginx >/dev/null; then
    cat > "$work/nginx/nginx.conf" <<CONF
worker_processes 1;
daemon off;
pid $work/nginx/nginx.pid;
events { worker_connections 64; }
http {
  types { application/json json; application/x-ndjson ndjson; }
  default_type application/octet-stream;
  access_log off;
  sendfile on;
  client_body_temp_path $work/nginx/body;
  proxy_temp_path $work/nginx/proxy;
  fastcgi_temp_path $work/nginx/fastcgi;
  uwsgi_temp_path $work/nginx/uwsgi;
  scgi_temp_path $work/nginx/scgi;
  server { listen 127.0.0.1:$port; root $work/docs; }
}
CONF
    nginx -p "$work/nginx" -e "$work/nginx/error.log" -c "$work/nginx/nginx.conf" &
    server=$!
    server_name="nginx $(nginx -v 2>&1 | sed 's/.*nginx\///'), 1 worker process, sendfile"
  else
    java -cp "$jar" dev.jsonstream.samples.benchmarks.ClientHandlerRun serve "$work/docs" "$port" 7200 &
    server=$!
    server_name="JDK HttpServer (nginx could not be installed)"
  fi
  wait_until_serving "$port"
}

stop_doc_server() {
  if [[ -n "${server:-}" ]]; then kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; fi
  server=""
}

machine() {
  echo "date: $(date -u '+%Y-%m-%d %H:%M UTC')"
  echo "cores: $(nproc), memory: $(free -g | awk '/Mem:/ {print $2}') GiB"
  java -version 2>&1 | head -1
  jq --version 2>/dev/null || echo "jq: absent"
}

if [[ "$what" == jmh || "$what" == all ]]; then
  machine > "$out/jmh-machine.txt"
  # 1 fork, 10 x 1 s warm-up, 5 x 1 s measurement (set in DecoderThroughput; 60 benchmarks in about 17 min); gc
  # profiler for allocation per op.
  java -jar samples/benchmarks/target/benchmarks.jar DecoderThroughput -prof gc \
    -rf json -rff "$out/jmh.json" | tee "$out/jmh.txt"
  java -cp samples/benchmarks/target/benchmarks.jar dev.jsonstream.samples.benchmarks.BenchInputs > "$out/sizes.json"
  python3 samples/benchmarks/summarize_jmh.py "$out/jmh.json" "$out/sizes.json" | tee "$out/jmh-summary.md"
fi

if [[ "$what" == forks || "$what" == all ]]; then
  # The goal-1 ratios from separate JVMs, as a user running only the decoder (or only Jackson) meets them: one
  # single-fork JMH run per variant, the decoder's and raw async's in turn, three rounds per input, so that a
  # machine that changes speed over minutes skews both sides alike (about 15 minutes).
  machine > "$out/forks-machine.txt"
  {
    for input in twitter citm_catalog canada generated; do
      for round in 1 2 3; do
        for v in b_decoderHeap16k r_rawAsync b2_decoderHeap16kTokens r2_rawAsyncTokens; do
          score=$(java -jar samples/benchmarks/target/benchmarks.jar "DecoderThroughput\.${v}\$" -p input="$input" \
            -f 1 2>&1 | awk '$1 ~ /^DecoderThroughput\./ && $3 == "thrpt" {print ($(NF-2) == "±" ? $(NF-3) : $(NF-1))}')
          echo "$input $round $v ${score:-failed}"
        done
      done
    done
  } | tee "$out/forks.txt"
  python3 - "$out/forks.txt" <<'PY' | tee "$out/forks-summary.md"
import statistics, sys
score = {}
for line in open(sys.argv[1]):
    inp, rnd, variant, s = line.split()
    if s != "failed":
        score[inp, rnd, variant.split("_")[0]] = float(s)
print("| input | ratio | per round | median | goal |")
print("|---|---|---|---:|---:|")
for inp in dict.fromkeys(k[0] for k in score):
    for a, b in (("b", "r"), ("b2", "r2")):
        rounds = [score[inp, r, a] / score[inp, r, b] for r in "123" if (inp, r, a) in score and (inp, r, b) in score]
        if rounds:
            print(f"| {inp} | {a} / {b} | {' '.join(f'{x:.2f}' for x in rounds)} | "
                  f"{statistics.median(rounds):.2f} | >= 0.90 |")
PY
fi

if [[ "$what" == paired || "$what" == all ]]; then
  # The goal ratios again, each side of a ratio in alternating 200 ms slices of one JVM (about 4 minutes).
  machine > "$out/paired-machine.txt"
  java -Xms1g -Xmx1g -cp samples/benchmarks/target/benchmarks.jar dev.jsonstream.samples.benchmarks.PairedRatio \
    | tee "$out/paired.txt"
fi

if [[ "$what" == keys || "$what" == all ]]; then
  # Goal 2, objects keyed by ids: one object of 3 million members whose names are all distinct against the same
  # shape with 50 names repeated (same size), --validate at -Xmx32m in pairs; then 10 million distinct names.
  tmp=$(mktemp -d)
  cli="$PWD/samples/cli/target/jsonstream"
  {
    machine
    python3 samples/benchmarks/generate_keys.py 3000000 distinct > "$tmp/distinct-3m.json"
    python3 samples/benchmarks/generate_keys.py 3000000 repeated > "$tmp/repeated-3m.json"
    echo "== 3M members ($(wc -c < "$tmp/distinct-3m.json") bytes each): A = distinct names, B = 50 repeated names"
    python3 samples/benchmarks/pairs.py -n 5 --a "JSONSTREAM_JAVA_OPTS=-Xmx32m $cli --validate $tmp/distinct-3m.json" \
      --b "JSONSTREAM_JAVA_OPTS=-Xmx32m $cli --validate $tmp/repeated-3m.json"
    rm -f "$tmp"/*.json
    python3 samples/benchmarks/generate_keys.py 10000000 distinct > "$tmp/distinct-10m.json"
    echo "== 10M distinct names ($(wc -c < "$tmp/distinct-10m.json") bytes), --validate at -Xmx32m"
    JSONSTREAM_JAVA_OPTS=-Xmx32m /usr/bin/time -f "%e s wall, %M KB max RSS, exit status %x" \
      "$cli" --validate "$tmp/distinct-10m.json"
  } 2>&1 | tee "$out/keys.txt"
  rm -rf "$tmp"
fi

if [[ "$what" == binding || "$what" == all ]]; then
  # Binding each element of three documents to a record (jackson-databind), allocation per op from the gc profiler.
  machine > "$out/binding-machine.txt"
  java -jar samples/benchmarks/target/benchmarks.jar MatchBinding -prof gc | tee "$out/binding.txt"
fi

if [[ "$what" == memory || "$what" == all ]]; then
  # The 1 GiB checks at -Xmx64m (memory.txt), then RSS against body size (memory-sweep.txt).
  machine > "$out/memory-machine.txt"
  port=18123
  java -Xmx64m -jar samples/server/target/jsonstream-server.jar --port $port --max-body-bytes 4294967296 \
    --max-inflated-bytes 4294967296 --body-deadline 600 --min-rate 0 --measure-allocation > "$out/memory-server.log" 2>&1 &
  server=$!
  sleep 2
  rss=0
  ( while kill -0 $server 2>/dev/null; do
      r=$(ps -o rss= -p $server 2>/dev/null || echo 0); [[ ${r:-0} -gt $rss ]] && rss=$r && echo $rss > "$out/.rss"
      sleep 0.2
    done ) &
  sampler=$!
  java -cp samples/benchmarks/target/benchmarks.jar dev.jsonstream.samples.benchmarks.ServerMemoryRun 127.0.0.1 $port \
    | tee "$out/memory.txt"
  kill $server 2>/dev/null || true
  wait $server 2>/dev/null || true
  kill $sampler 2>/dev/null || true
  echo "server (-Xmx64m) peak RSS: $(cat "$out/.rss" 2>/dev/null || echo '?') KB" | tee -a "$out/memory.txt"
  rm -f "$out/.rss"
  # RSS against body size: one body of each size to a fresh server at -Xmx2g, /stats against receiveFullBytes.
  for size in 1024 1048576 16777216 67108864 268435456 1073741824; do
    for design in stats full-bytes; do
      path=/stats; [[ $design == full-bytes ]] && path=/baseline/full-bytes
      java -Xmx2g -jar samples/server/target/jsonstream-server.jar --port $port --max-body-bytes 4294967296 \
        --max-inflated-bytes 4294967296 --body-deadline 600 --min-rate 0 > /dev/null 2>&1 &
      server=$!
      wait_until_serving $port
      ( peak=0; while kill -0 $server 2>/dev/null; do
          r=$(ps -o rss= -p $server 2>/dev/null || echo 0); [[ ${r:-0} -gt $peak ]] && peak=$r && echo $peak > "$out/.rss"
          sleep 0.1
        done ) &
      sampler=$!
      line=$(java -cp samples/benchmarks/target/benchmarks.jar dev.jsonstream.samples.benchmarks.ServerMemoryRun one \
        127.0.0.1 $port $path $size)
      sleep 0.5
      kill $server 2>/dev/null || true; wait $server 2>/dev/null || true; kill $sampler 2>/dev/null || true
      echo "{\"design\": \"$design\", \"xmx\": \"2g\", \"peak_rss_mb\": $(( $(cat "$out/.rss") / 1024 )), ${line#\{}"
    done
  done | tee "$out/memory-sweep.txt"
  rm -f "$out/.rss"
fi

if [[ "$what" == bindpairs || "$what" == all ]]; then
  # Binding each element against databind over the whole document and its MappingIterator, in pairs of 1 s slices
  # in one JVM (about 10 min).
  machine > "$out/bindpairs-machine.txt"
  java -Xms2g -Xmx2g -cp samples/benchmarks/target/benchmarks.jar dev.jsonstream.samples.benchmarks.BindingPairs \
    | tee "$out/bindpairs.txt"
fi

if [[ "$what" == orders || "$what" == all ]]; then
  # End to end: /orders/workers (each order bound in place, handed to 2 workers through MatchWorkers, the work a
  # no-op) against /baseline/orders-iterator (a worker thread, databind's MappingIterator over the request's
  # stream), on one server, alternating in 8 s loads of 2 wrk threads and 4 connections, three rounds per size.
  command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk >/dev/null; }
  bodies=$(mktemp -d)
  port=18125
  {
    machine
    java -Xmx1g -jar samples/server/target/jsonstream-server.jar --port $port --max-body-bytes 67108864 \
      --min-rate 0 > /dev/null 2>&1 &
    server=$!
    sleep 2
    for size in 1048576 16777216; do
      java -cp samples/benchmarks/target/benchmarks.jar dev.jsonstream.samples.benchmarks.BenchInputs write orders $size \
        > "$bodies/$size.json"
      for path in /orders/workers /baseline/orders-iterator; do  # warm-up, and a check of both answers
        curl -s --data-binary @"$bodies/$size.json" -H 'Content-Type: application/json' "http://127.0.0.1:$port$path"
        echo " <- $path"
        BODY="$bodies/$size.json" wrk -t2 -c4 -d3s -s samples/benchmarks/post.lua "http://127.0.0.1:$port$path" \
          >/dev/null 2>&1
      done
      for round in 1 2 3; do
        for path in /orders/workers /baseline/orders-iterator; do
          rps=$(BODY="$bodies/$size.json" wrk -t2 -c4 -d8s -s samples/benchmarks/post.lua \
            "http://127.0.0.1:$port$path" | awk '/Requests\/sec/ {print $2}')
          echo "$size $round $path $rps"
        done
      done
    done
    kill $server; wait $server 2>/dev/null || true
  } 2>&1 | tee "$out/orders.txt"
  python3 - "$out/orders.txt" <<'PY' | tee "$out/orders-summary.md"
import collections, statistics, sys
rps = collections.defaultdict(dict)
for line in open(sys.argv[1]):
    parts = line.split()
    if len(parts) == 4 and parts[2].startswith("/") and parts[0].isdigit():
        rps[(int(parts[0]), parts[1])][parts[2]] = float(parts[3])
print("| body | round | /orders/workers req/s | /baseline/orders-iterator req/s | ratio |")
print("|---:|---:|---:|---:|---:|")
by_size = collections.defaultdict(list)
for (size, rnd), r in sorted(rps.items()):
    a, b = r.get("/orders/workers"), r.get("/baseline/orders-iterator")
    if a and b:
        by_size[size].append(a / b)
        print(f"| {size >> 20} MiB | {rnd} | {a:.1f} | {b:.1f} | {a / b:.2f} |")
for size, ratios in by_size.items():
    print(f"| {size >> 20} MiB | median | | | **{statistics.median(ratios):.2f}** |")
PY
  rm -rf "$bodies"
fi

if [[ "$what" == http || "$what" == all ]]; then
  command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk >/dev/null; }
  machine > "$out/http-machine.txt"
  bodies=$(mktemp -d)
  for size in 1024 65536 1048576 16777216; do
    python3 samples/benchmarks/generate_items.py $size > "$bodies/$size.json"
  done
  port=18124
  : > "$out/http.txt"
  # One server per setting; each load: 2 wrk threads, 8 connections, 8 s, after a 3 s warm-up.
  run_setting() {  # name, server flags, endpoint
    local name=$1 flags=$2 path=$3
    java -Xmx1g -jar samples/server/target/jsonstream-server.jar --port $port --max-body-bytes 67108864 \
      --min-rate 0 $flags > /dev/null 2>&1 &
    local server=$!
    sleep 2
    for size in 1024 65536 1048576 16777216; do
      BODY="$bodies/$size.json" wrk -t2 -c8 -d3s -s samples/benchmarks/post.lua "http://127.0.0.1:$port$path" >/dev/null 2>&1
      local peak_heap=0 peak_rss=0
      ( while kill -0 $server 2>/dev/null; do
          h=$(jstat -gc $server 2>/dev/null | awk 'NR==2 {printf "%d", ($3+$4+$6+$8)/1024}')
          r=$(ps -o rss= -p $server | awk '{printf "%d", $1/1024}')
          echo "${h:-0} ${r:-0}"; sleep 0.5
        done ) > "$bodies/samples" &
      local sampler=$!
      { echo "### $name $size"
        BODY="$bodies/$size.json" wrk -t2 -c8 -d8s --latency -s samples/benchmarks/post.lua "http://127.0.0.1:$port$path"
        kill $sampler 2>/dev/null; wait $sampler 2>/dev/null || true
        awk 'BEGIN {h=0; r=0} {if ($1>h) h=$1; if ($2>r) r=$2} END {printf "peak heap used %d MB, peak RSS %d MB\n", h, r}' "$bodies/samples"
      } | tee -a "$out/http.txt"
    done
    kill $server; wait $server 2>/dev/null || true
  }
  run_setting stats-direct-copy "" /stats
  run_setting stats-direct-bytebuffer "--direct-feeding byte-buffer" /stats
  run_setting stats-heap "--pool-buffers heap" /stats
  run_setting baseline-full-bytes "" /baseline/full-bytes
  run_setting baseline-blocking "" /baseline/blocking
  python3 samples/benchmarks/summarize_http.py "$out/http.txt" | tee "$out/http-summary.md"
  rm -rf "$bodies"
fi

if [[ "$what" == http1k || "$what" == all ]]; then
  # Goal 4 at 1 KiB in pairs: one server (defaults), alternating 5 s loads on /stats and /baseline/full-bytes, so
  # that a load on the machine lasting longer than a pair cannot skew the ratio the way separate servers let it.
  command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk >/dev/null; }
  machine > "$out/http1k-machine.txt"
  body=$(mktemp)
  python3 samples/benchmarks/generate_items.py 1024 > "$body"
  port=18125
  java -Xmx1g -jar samples/server/target/jsonstream-server.jar --port $port --max-body-bytes 67108864 --min-rate 0 \
    > /dev/null 2>&1 &
  server=$!
  sleep 2
  load() { BODY="$body" wrk -t2 -c8 -d"$1" -s samples/benchmarks/post.lua "http://127.0.0.1:$port$2"; }
  load 4s /stats > /dev/null; load 4s /baseline/full-bytes > /dev/null
  for i in 1 2 3 4 5 6 7 8; do
    s=$(load 5s /stats | awk '/Requests\/sec/ {print $2}')
    b=$(load 5s /baseline/full-bytes | awk '/Requests\/sec/ {print $2}')
    echo "pair $i: /stats $s req/s, /baseline/full-bytes $b req/s, ratio $(awk -v s="$s" -v b="$b" 'BEGIN {printf "%.3f", s / b}')"
  done | tee "$out/http1k.txt"
  kill $server; wait $server 2>/dev/null || true
  rm -f "$body"
fi

if [[ "$what" == clipairs || "$what" == all ]]; then
  # Goal 3 in pairs: pairs.py runs the CLI and jq in turn, five pairs after a warm-up, and gives the median of the
  # pair-by-pair ratios, which a load lasting longer than one pair cannot skew.
  command -v jq >/dev/null || { apt-get update -qq && apt-get install -y -qq jq >/dev/null; }
  machine > "$out/clipairs-machine.txt"
  tmp=$(mktemp -d)
  inputs="java -cp samples/benchmarks/target/benchmarks.jar dev.jsonstream.samples.benchmarks.BenchInputs"
  cli="$PWD/samples/cli/target/jsonstream"
  pairs="python3 samples/benchmarks/pairs.py -n 5"
  {
    for mb in 20 100; do
      f="$tmp/pretty_unicode-$mb.json"
      $inputs write pretty_unicode $((mb * 1000 * 1000)) > "$f"
      echo "== pretty_unicode $mb MB: A = jsonstream --format jq-stream, B = jq -c --stream ."
      $pairs --a "$cli --format jq-stream $f > /dev/null" --b "jq -c --stream . $f > /dev/null"
      echo "== pretty_unicode $mb MB: A = jsonstream --select /items/*, B = jq -c .items[]"
      $pairs --a "$cli --select '/items/*' $f > /dev/null" --b "jq -c '.items[]' $f > /dev/null"
      echo "== pretty_unicode $mb MB from standard input: A = jsonstream --format jq-stream, B = jq -c --stream ."
      $pairs --a "$cli --format jq-stream < $f > /dev/null" --b "jq -c --stream . < $f > /dev/null"
    done
  } 2>&1 | tee "$out/clipairs.txt"
  rm -rf "$tmp"
fi

if [[ "$what" == cli || "$what" == all ]]; then
  command -v jq >/dev/null || { apt-get update -qq && apt-get install -y -qq jq >/dev/null; }
  machine > "$out/cli-machine.txt"
  tmp=$(mktemp -d)
  trap 'rm -rf "$tmp"' EXIT
  # Compact ASCII items (generate_items.py) and pretty-printed, Unicode-rich items with id-keyed names (BenchInputs,
  # the generator of the JMH input of the same name); both have a top-level "items" array.
  inputs="java -cp samples/benchmarks/target/benchmarks.jar dev.jsonstream.samples.benchmarks.BenchInputs"
  for mb in 20 100; do
    python3 samples/benchmarks/generate_items.py $((mb * 1000 * 1000)) > "$tmp/items-$mb.json"
    $inputs write pretty_unicode $((mb * 1000 * 1000)) > "$tmp/pretty_unicode-$mb.json"
  done
  # The launcher, as the README runs the CLI (serial GC, a small heap, the class-data archive of the build).
  cli="samples/cli/target/jsonstream"
  {
    echo "== start-up: --validate testdata/orders.json (335 bytes), 10 runs each, wall seconds, sorted"
    for run in "$cli --validate testdata/orders.json" "java -jar samples/cli/target/jsonstream.jar --validate testdata/orders.json" "jq . testdata/orders.json"; do
      for i in 1 2 3 4 5 6 7 8 9 10; do
        /usr/bin/time -f "%e" bash -c "exec $run > /dev/null" 2>&1 | tail -1
      done | sort -n | tr '\n' ' ' | awk -v r="$run" '{print "median " ($5 + $6) / 2 " s :: " $0 ":: " r}'
    done
    echo "== live output: a producer writes a value, sleeps 1 s, writes another; each line's time after the first line (live: about 1 s apart)"
    for args in "--select /*" "--format jq-stream"; do
      # shellcheck disable=SC2086 # the options split on purpose; no glob expansion of the pattern
      (printf '{"a":1}\n'; sleep 1; printf '{"b":2}\n') | (set -f; $cli $args) | while IFS= read -r line; do
        echo "$(date +%s.%N) $line"
      done | awk -v a="$args" 'NR == 1 {t0 = $1} {printf "%.3f s  %s :: %s\n", $1 - t0, $2, a}'
    done
    for doc in items pretty_unicode; do
      for mb in 20 100; do
        f="$tmp/$doc-$mb.json"
        echo "== $doc $mb MB ($(stat -c %s "$f") bytes)"
        for run in "$cli --format jq-stream $f" "jq -c --stream . $f" "$cli --select /items/* $f" "jq -c .items[] $f"; do
          /usr/bin/time -f "%e s wall, %M KB max RSS :: $run" bash -c "$run > /dev/null" 2>&1 | tail -1
        done
      done
    done
    echo "== 1 GB piped into the CLI alone (through the launcher)"
    for run in "--format jq-stream" "--select /items/*"; do
      /usr/bin/time -f "%e s wall, %M KB max RSS :: generate 1e9 | jsonstream $run" bash -c \
        "python3 samples/benchmarks/generate_items.py 1000000000 | $cli $run > /dev/null" 2>&1 | tail -1
    done
  } | tee "$out/cli.txt"
fi

if [[ "$what" == uploads || "$what" == all ]]; then
  # Many slow uploads beside small requests, four designs on one machine in one run (about 20 min):
  #   stats           this project: /stats decodes each body on the IO thread as it arrives
  #   full-bytes      Undertow's receiveFullBytes, then Jackson over the byte[]
  #   worker-pool     Undertow's worker pool (16 threads here), Jackson's blocking parser on the InputStream
  #   virtual-threads Undertow dispatching to a virtual thread per request, the same blocking parser (Java 21+)
  # All four on the newest JDK installed (the last needs 21+; without one it is skipped and the rest run on the
  # default java). Each (design, uploads, body) gets a fresh server, a warm-up, then the load from slow_uploads.py:
  # each upload at a steady pace, one connection each, a 1 KiB probe every 100 ms; /proc read every 100 ms.
  jdk=""
  for j in /usr/lib/jvm/*; do
    [[ -x "$j/bin/java" ]] || continue
    v=$("$j/bin/java" -version 2>&1 | awk -F'"' '/version/ {split($2, p, "."); print p[1]}' || true)
    if [[ -n "$v" && "$v" -ge 21 && -x "$j/bin/javac" ]]; then jdk="$j"; fi
  done
  java_bin="${jdk:+$jdk/bin/}java"
  classes=$(mktemp -d)
  designs="stats full-bytes worker-pool"
  if [[ -n "$jdk" ]]; then
    "$jdk/bin/javac" -cp samples/server/target/jsonstream-server.jar -d "$classes" \
      samples/benchmarks/vthreads/VirtualThreadBaseline.java
    designs="$designs virtual-threads"
  else
    echo "no JDK 21+ under /usr/lib/jvm: the virtual-thread design is skipped" >&2
  fi
  bodies=$(mktemp -d)
  python3 samples/benchmarks/generate_items.py 65536 > "$bodies/64k.json"
  python3 samples/benchmarks/generate_items.py 1048576 > "$bodies/1m.json"
  port=18129
  start_server() {  # $1: design; prints the pid
    if [[ "$1" == virtual-threads ]]; then
      "$java_bin" -cp "samples/server/target/jsonstream-server.jar:$classes" VirtualThreadBaseline $port > /dev/null 2>&1 &
    else
      "$java_bin" -jar samples/server/target/jsonstream-server.jar --port $port > /dev/null 2>&1 &
    fi
    local pid=$!
    wait_until_serving $port
    echo $pid
  }
  path_of() {
    case "$1" in stats) echo /stats ;; full-bytes) echo /baseline/full-bytes ;; worker-pool) echo /baseline/blocking ;;
      *) echo / ;; esac
  }
  {
    machine
    echo "server java: $("$java_bin" -version 2>&1 | head -1); ulimit -n: $(ulimit -n)"
    # body, pace (bytes/s: 64 KiB in 8 s, 1 MiB in 32 s), deadline of each request (s), upload counts. The worker
    # pool reads 16 uploads at a time: 64 KiB bodies wait whole in the socket buffers, 1 MiB ones hold the client
    # back, and those not read by the deadline count as failed.
    for spec in "64k 8192 40 100 1000 2000 4000" "1m 32768 130 100 1000 2000"; do
      read -r body rate deadline counts <<< "$spec"
      for n in $counts; do
        for design in $designs; do
          pid=$(start_server "$design")
          line=$(python3 samples/benchmarks/slow_uploads.py --port $port --path "$(path_of "$design")" --pid "$pid" \
            --body "$bodies/$body.json" --uploads "$n" --rate "$rate" --deadline "$deadline" --warmup 300 \
            || echo '{"error": "client"}')
          echo "{\"design\": \"$design\", ${line#\{}"
          kill "$pid"; wait "$pid" 2>/dev/null || true
        done
      done
    done
    # The descriptor finding: after 1,000 uploads, how many descriptors each blocking design still holds 1 to 60 s
    # later, and after a full GC (jcmd GC.run), which runs the finalization that closes XNIO's per-thread selectors.
    for design in virtual-threads worker-pool stats; do
      [[ " $designs " == *" $design "* ]] || continue
      pid=$(start_server "$design")
      line=$(python3 samples/benchmarks/slow_uploads.py --port $port --path "$(path_of "$design")" --pid "$pid" \
        --body "$bodies/64k.json" --uploads 1000 --rate 8192 --warmup 0 --watch-after 60)
      "${jdk:+$jdk/bin/}jcmd" "$pid" GC.run > /dev/null 2>&1 || true
      sleep 5
      echo "{\"design\": \"$design\", \"check\": \"descriptors\", \"fds_5s_after_gc\": $(ls /proc/"$pid"/fd | wc -l), ${line#\{}"
      kill "$pid"; wait "$pid" 2>/dev/null || true
    done
  } | tee "$out/uploads.txt"
  python3 samples/benchmarks/summarize_uploads.py "$out/uploads.txt" | tee "$out/uploads-summary.md"
  rm -rf "$classes" "$bodies"
fi

if [[ "$what" == client || "$what" == all ]]; then
  # The client side (RESULTS.md part 7): the HTTP client's body handlers against the JDK's own on the same responses
  # of one local server, each run a fresh JVM (ClientHandlerRun) printing one JSON line; variants alternate in rounds,
  # so the ratios are taken within a round (about 25 minutes). CLIENT_ROUNDS sets the rounds (7; 3 for long lines).
  #   throughput: 100 MiB export and NDJSON, 4 fetches a JVM (the first a warm-up), 7 rounds
  #   memory:     10 MiB, 100 MiB and 1 GiB, one fetch a JVM, every variant once; the streaming ones at 1 GiB in
  #               -Xmx64m too
  #   long lines: one NDJSON line of 1, 4 and 16 MB (the export on one line), 3 rounds; ofStream with the defaults
  #               and with room for a bound value of 16 MB (stream-large)
  rounds=${CLIENT_ROUNDS:-7}
  line_rounds=$(( rounds < 3 ? rounds : 3 ))
  work=$(mktemp -d)
  chmod 755 "$work"  # nginx's workers run as another user and read the documents from here
  mkdir -p "$work/docs"
  port=18131
  jar=samples/benchmarks/target/benchmarks.jar
  xmx=2g
  client_run() {  # part, round, variant, shape, document, fetches[, heap]: one JVM, one line
    local line
    line=$(timeout 700 java -Xmx"${7:-$xmx}" -cp $jar dev.jsonstream.samples.benchmarks.ClientHandlerRun \
      "http://127.0.0.1:$port/$5" "$3" "$4" --fetches "$6" --budget 60 --limit 600 2>>"$work/client-stderr.log") \
      || true
    [[ "$line" == \{* ]] \
      || line="{\"variant\": \"$3\", \"shape\": \"$4\", \"error\": \"no result line (exit or crash)\"}"
    echo "{\"part\": \"$1\", \"round\": $2, \"document\": \"$5\", ${line#\{}"
  }
  trap 'stop_doc_server; rm -rf "$work"' EXIT
  for mib in 10 100 1024; do
    java -cp $jar dev.jsonstream.samples.benchmarks.BenchInputs write export $((mib << 20)) \
      > "$work/docs/export-$mib.json"
    java -cp $jar dev.jsonstream.samples.benchmarks.BenchInputs write export_ndjson $((mib << 20)) \
      > "$work/docs/export-$mib.ndjson"
  done
  for mb in 1 4 16; do
    java -cp $jar dev.jsonstream.samples.benchmarks.BenchInputs write export_line $((mb * 1000 * 1000)) \
      > "$work/docs/line-$mb.ndjson"
  done
  chmod 644 "$work"/docs/*
  start_doc_server "$work" $port $jar
  wait_until_serving $port
  {
    machine
    echo "server: $server_name on 127.0.0.1:$port; client: java -Xmx$xmx, default collector (G1)"
    for f in "$work"/docs/*; do echo "document: $(basename "$f") $(stat -c %s "$f") bytes"; done
    for round in $(seq "$rounds"); do
      for v in stream publisher bytes iterator; do client_run throughput "$round" $v export export-100.json 4; done
      for v in stream iterator lines; do client_run throughput "$round" $v ndjson export-100.ndjson 4; done
    done
    for mib in 10 100 1024; do
      for v in stream publisher bytes iterator; do client_run memory 1 $v export "export-$mib.json" 1; done
      for v in stream iterator lines; do client_run memory 1 $v ndjson "export-$mib.ndjson" 1; done
    done
    # The streaming variants again at 1 GiB in a heap of 64 MiB, where RSS is not the collector's choice of heap size.
    for v in stream publisher iterator; do client_run memory-64m 1 $v export export-1024.json 1 64m; done
    for v in stream iterator lines; do client_run memory-64m 1 $v ndjson export-1024.ndjson 1 64m; done
    # Long lines: enough fetches of the small ones for the JIT to have warmed (the budget cuts a slow variant short).
    for round in $(seq "$line_rounds"); do
      for spec in "1 30" "4 12" "16 6"; do
        read -r mb fetches <<< "$spec"
        for v in stream stream-large iterator lines line-subscriber bytes; do
          client_run long-line "$round" $v line "line-$mb.ndjson" "$fetches"
        done
      done
    done
  } | tee "$out/client.txt"
  stop_doc_server
  python3 samples/benchmarks/summarize_client.py "$out/client.txt" | tee "$out/client-summary.md"
  rm -rf "$work"
  trap - EXIT
fi

if [[ "$what" == clientprofile || "$what" == all ]]; then
  # Where part 7's variant a spends its time against d: JFR's execution samples (settings=profile, every 10 ms) of
  # one JVM each fetching the 100 MiB export 6 times, a and b and d in turn, summarised by summarize_jfr.py.
  work=$(mktemp -d)
  chmod 755 "$work"
  mkdir -p "$work/docs"
  port=18132
  jar=samples/benchmarks/target/benchmarks.jar
  trap 'stop_doc_server; rm -rf "$work"' EXIT
  java -cp $jar dev.jsonstream.samples.benchmarks.BenchInputs write export $((100 << 20)) > "$work/docs/export-100.json"
  chmod 644 "$work"/docs/*
  start_doc_server "$work" $port $jar
  {
    machine
    echo "server: $server_name on 127.0.0.1:$port; client: java -Xmx2g, JFR settings=profile"
    for v in stream publisher iterator; do
      java -Xmx2g -XX:StartFlightRecording=filename="$work/$v.jfr",settings=profile -cp $jar \
        dev.jsonstream.samples.benchmarks.ClientHandlerRun "http://127.0.0.1:$port/export-100.json" $v export \
        --fetches 6 --budget 120 --limit 300 2>/dev/null | grep '^{'
    done
    for v in stream publisher iterator; do
      jfr print --json --events jdk.ExecutionSample "$work/$v.jfr" > "$work/$v.json"
      python3 samples/benchmarks/summarize_jfr.py "$v (export, 100 MiB, 6 fetches)" "$work/$v.json"
    done
  } | tee "$out/client-profile.txt"
  stop_doc_server
  rm -rf "$work"
  trap - EXIT
fi

if [[ "$what" == plots || "$what" == all ]]; then
  # RESULTS.md's pictures from the raw results above (matplotlib, from Debian's packages).
  /usr/bin/python3 -c "import matplotlib" 2>/dev/null \
    || { apt-get update -qq && apt-get install -y -qq python3-matplotlib >/dev/null; }
  /usr/bin/python3 samples/benchmarks/plot_results.py "$out"
fi
