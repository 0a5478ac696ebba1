#!/usr/bin/env bash
# Fault soak of the sample server (FaultSoakTest): 20,000 requests of the seeded fault mix from 64 workers against
# the real server in-process on 127.0.0.1; the table by kind and outcome and the summary go to the console.
# SOAK_REQUESTS, SOAK_WORKERS and SOAK_SEED override the defaults; further arguments go to Maven.
set -euo pipefail
cd "$(dirname "$0")/../.."
exec mvn -B -q -pl samples/server -am test -Dtest=FaultSoakTest -Dsurefire.failIfNoSpecifiedTests=false \
    -Dsurefire.useFile=false -Dsoak.requests="${SOAK_REQUESTS:-20000}" -Dsoak.workers="${SOAK_WORKERS:-64}" \
    ${SOAK_SEED:+-Dsoak.seed="$SOAK_SEED"} "$@"
