#!/usr/bin/env bash
# Runs the Jazzer fuzz targets in fuzzing mode, one after the other, each for DURATION (default 10m).
#   samples/fuzz.sh [DURATION] [Class#method ...]      e.g. samples/fuzz.sh 30s DecoderFuzzTest#decodeInChosenSplits
# Under `mvn verify` the same targets only replay their saved inputs (testdata/fuzz/). Here the fuzzer grows a
# corpus in <module>/.cifuzz-corpus/ (not committed) and, on a finding, stops that target; the crashing input is
# moved to target/fuzz-findings/<Class>.<method>/ and the log shows a REPRODUCE line (configuration, cuts and
# input) and the full stack. Once fixed, copy the input to testdata/fuzz/<module>/<Class>Inputs/<method>/ with a
# name saying what it found, so that CI replays it for good. A summary line per target (executions, coverage,
# outcome) ends the run; the full logs stay in target/fuzz-logs/.
set -uo pipefail
cd "$(dirname "$0")/.."
duration=${1:-10m}
shift || true
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
  targets=(DecoderFuzzTest#decodeInChosenSplits DecoderFuzzTest#selectWithFuzzedPattern
           InflationFuzzTest#inflateArbitraryBytes InflationFuzzTest#inflateWhatWasCompressed)
fi
module_of() { echo decoder; } # every fuzz target is the decoder's (the inflation moved there from http-adapter)
# The @FuzzTest annotations say 10m; a libFuzzer flag handed over as a JUnit configuration parameter
# (jazzer.internal.arg.N, appended after Jazzer's own flags, so it wins) sets this run's length instead.
seconds() { case "$1" in *h) echo $(( ${1%h} * 3600 )) ;; *m) echo $(( ${1%m} * 60 )) ;; *s) echo "${1%s}" ;; *) echo "$1" ;; esac; }
max_total_time=$(seconds "$duration")

mvn -B -q -pl decoder,http-adapter -am install -DskipTests || exit 1
mkdir -p target/fuzz-logs
summary=()
for t in "${targets[@]}"; do
  m=$(module_of "$t")
  log="target/fuzz-logs/${t//#/.}.log"
  echo "== fuzzing $t ($m) for $duration; log: $log"
  # JUnit's own timeouts would apply to the whole fuzzing run; libFuzzer bounds each input instead.
  JAZZER_FUZZ=1 mvn -B -pl "$m" surefire:test -Dtest="$t" -Djazzer.internal.arg.0=fuzz \
    -Djazzer.internal.arg.1=-max_total_time="$max_total_time" \
    -Djunit.jupiter.execution.timeout.mode=disabled -Dsurefire.failIfNoSpecifiedTests=false \
    -DtrimStackTrace=false >"$log" 2>&1
  status=$?
  for crash in "$m"/crash-* "$m"/timeout-* "$m"/slow-unit-*; do
    [ -e "$crash" ] || continue
    mkdir -p "target/fuzz-findings/${t//#/.}"
    mv "$crash" "target/fuzz-findings/${t//#/.}/"
    echo "   finding kept: target/fuzz-findings/${t//#/.}/$(basename "$crash")"
  done
  done_line=$(grep -aE '^Done [0-9]+ runs' "$log" | tail -1)
  cov=$(grep -aoE 'cov: [0-9]+ ft: [0-9]+ corp: [0-9]+/[0-9]+[kKmM]?b?' "$log" | tail -1)
  outcome=$([ $status -eq 0 ] && echo "no finding" || echo "FINDING or error (status $status), see the log")
  summary+=("$t: ${done_line:-no libFuzzer summary} | ${cov:-} | $outcome")
done
echo
echo "== summary ($(date -u +%FT%TZ), $(nproc) cores, $duration per target)"
printf '%s\n' "${summary[@]}"
