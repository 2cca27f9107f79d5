#!/usr/bin/env bash
# `make run`: a worker on the sample pages, the clean articles shown as they arrive.
#
# Starts a local broker unless KAFKA_BOOTSTRAP_SERVERS is set, creates the topics,
# starts one worker in the background (log: .wirestream/worker.log), produces
# samples/pages.jsonl.gz (or RUN_INPUT) and prints the clean topic. Ctrl-C stops
# the worker; RUN_SECONDS=N stops everything after N idle seconds instead.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=.venv/bin
INPUT="${RUN_INPUT:-samples/pages.jsonl.gz}"
RUN_SECONDS="${RUN_SECONDS:-0}"
mkdir -p .wirestream

if [[ -z "${KAFKA_BOOTSTRAP_SERVERS:-}" ]]; then
    bash scripts/kafka/kafka.sh start
    export KAFKA_BOOTSTRAP_SERVERS="127.0.0.1:${KAFKA_PORT:-9092}"
fi

"$BIN/wirestream" topics
"$BIN/wirestream" worker >.wirestream/worker.log 2>&1 &
worker=$!
trap 'kill -TERM $worker 2>/dev/null; wait $worker 2>/dev/null || true' EXIT
echo "worker starting (pid $worker, log .wirestream/worker.log," \
     "/health on port ${WIRESTREAM_WEB_PORT:-6066})" >&2
# A worker that cannot start (its web port taken, say) must not leave us tailing forever.
ready="not ready after 120 s (see the log)"
for _ in $(seq 240); do
    if grep -q '\[\^Worker\]: Ready' .wirestream/worker.log; then ready=ready; break; fi
    if ! kill -0 "$worker" 2>/dev/null; then
        echo "the worker stopped during start-up (from .wirestream/worker.log):" >&2
        # Its error lines, else its last lines (the CLI's own errors are "wirestream: ...").
        { grep -E 'ERROR|Error|^wirestream: ' .wirestream/worker.log \
            || tail -n 5 .wirestream/worker.log; } | tail -n 5 >&2
        exit 1
    fi
    sleep 0.5
done
echo "worker $ready; producing $INPUT" >&2
"$BIN/wirestream" produce "$INPUT"
echo "clean articles (articles.clean) as they arrive; Ctrl-C to stop:" >&2
"$BIN/wirestream" tail clean --from-beginning --pretty --timeout "$RUN_SECONDS"
echo >&2
"$BIN/wirestream" tail duplicates --from-beginning --pretty --timeout 3 || true
"$BIN/wirestream" tail rejected --from-beginning --pretty --timeout 3 || true
