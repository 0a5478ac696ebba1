#!/usr/bin/env bash
# Reruns the benchmarks behind samples/benchmarks/RESULTS.md, from the repository root, with ../shared beside it.
#   bash samples/benchmarks/run.sh [jmh|memory|cli|all]     (default: all)
# Results (raw outputs) go to samples/benchmarks/results/. Nothing here is a test: no number fails anything.
set -euo pipefail
cd "$(dirname "$0")/../.."
what="${1:-all}"
out=samples/benchmarks/results
mkdir -p "$out"
mvn -B -q -DskipTests package

machine() {
  echo "date: $(date -u '+%Y-%m-%d %H:%M UTC')"
  echo "cores: $(nproc), memory: $(free -g | awk '/Mem:/ {print $2}') GiB"
  java -version 2>&1 | head -1
  jq --version 2>/dev/null || echo "jq: absent"
}

if [[ "$what" == jmh || "$what" == all ]]; then
  machine > "$out/jmh-machine.txt"
  # 1 fork, 3 x 2 s warm-up, 5 x 2 s measurement (set in DecoderThroughput); gc profiler for allocation per op.
  java -jar samples/benchmarks/target/benchmarks.jar DecoderThroughput -prof gc \
    -rf json -rff "$out/jmh.json" | tee "$out/jmh.txt"
  java -cp samples/benchmarks/target/benchmarks.jar dev.jsonstream.samples.benchmarks.BenchInputs > "$out/sizes.json"
  python3 samples/benchmarks/summarize_jmh.py "$out/jmh.json" "$out/sizes.json" | tee "$out/jmh-summary.md"
fi

if [[ "$what" == memory || "$what" == all ]]; then
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
fi

if [[ "$what" == cli || "$what" == all ]]; then
  command -v jq >/dev/null || { apt-get update -qq && apt-get install -y -qq jq >/dev/null; }
  machine > "$out/cli-machine.txt"
  tmp=$(mktemp -d)
  trap 'rm -rf "$tmp"' EXIT
  for mb in 20 100; do
    python3 samples/benchmarks/generate_items.py $((mb * 1000 * 1000)) > "$tmp/items-$mb.json"
  done
  cli="java -jar samples/cli/target/jsonstream.jar"
  {
    for mb in 20 100; do
      f="$tmp/items-$mb.json"
      echo "== $mb MB ($(stat -c %s "$f") bytes)"
      for run in "$cli --format jq-stream $f" "jq -c --stream . $f" "$cli --select /items/* $f" "jq -c .items[] $f"; do
        /usr/bin/time -f "%e s wall, %M KB max RSS :: $run" bash -c "$run > /dev/null" 2>&1 | tail -1
      done
    done
    echo "== 1 GB piped into the CLI alone"
    for run in "--format jq-stream" "--select /items/*"; do
      /usr/bin/time -f "%e s wall, %M KB max RSS :: generate 1e9 | jsonstream $run" bash -c \
        "python3 samples/benchmarks/generate_items.py 1000000000 | $cli $run > /dev/null" 2>&1 | tail -1
    done
  } | tee "$out/cli.txt"
fi
