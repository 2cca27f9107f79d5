#!/usr/bin/env bash
# A real single-node Apache Kafka 4.x broker (KRaft) on 127.0.0.1, without Docker.
#
#   bash scripts/kafka/kafka.sh start          fetch the broker (once), format, start, wait until it answers
#   bash scripts/kafka/kafka.sh stop [--clean] stop the broker started here; --clean also deletes its data
#   bash scripts/kafka/kafka.sh clean          same as stop --clean
#   bash scripts/kafka/kafka.sh status         exit 0 when a broker answers on the port
#   bash scripts/kafka/kafka.sh logs [-f]      the broker log (last KAFKA_LOG_LINES lines, or follow)
#
# Needs Java 17+ and Maven; the broker's jars come from Maven Central into .kafka/lib (git-ignored),
# through the default local Maven repository (~/.m2), so only the first start downloads anything.
#
# Environment (defaults):
#   KAFKA_PORT=9092               client listener (PLAINTEXT://127.0.0.1:KAFKA_PORT)
#   KAFKA_CONTROLLER_PORT=9093    KRaft controller listener
#   KAFKA_STATE_DIR=<repo>/.kafka classpath, generated config, pid file, log, data
#   KAFKA_HEAP_OPTS="-Xms1g -Xmx1g"
#   KAFKA_START_TIMEOUT=90        seconds to wait for the broker to answer
#   KAFKA_LOG_LINES=100           lines shown by `logs`
set -euo pipefail

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_ROOT="$(cd "$SCRIPT_DIR/../.." && pwd)"

KAFKA_PORT="${KAFKA_PORT:-9092}"
KAFKA_CONTROLLER_PORT="${KAFKA_CONTROLLER_PORT:-9093}"
KAFKA_STATE_DIR="${KAFKA_STATE_DIR:-$REPO_ROOT/.kafka}"
KAFKA_HEAP_OPTS="${KAFKA_HEAP_OPTS:--Xms1g -Xmx1g}"
KAFKA_START_TIMEOUT="${KAFKA_START_TIMEOUT:-90}"
KAFKA_LOG_LINES="${KAFKA_LOG_LINES:-100}"

POM="$SCRIPT_DIR/pom.xml"
TEMPLATE="$SCRIPT_DIR/server.properties"
LOG_CONFIG="$SCRIPT_DIR/log4j2.xml"
LIB_DIR="$KAFKA_STATE_DIR/lib"
DATA_DIR="$KAFKA_STATE_DIR/data"
PROPS="$KAFKA_STATE_DIR/server.properties"
PID_FILE="$KAFKA_STATE_DIR/kafka.pid"
LOG_FILE="$KAFKA_STATE_DIR/kafka.log"
CLUSTER_ID_FILE="$KAFKA_STATE_DIR/cluster.id"
# The ports the data dir was formatted for: --standalone writes the controller endpoint into it.
PORTS_FILE="$KAFKA_STATE_DIR/data.ports"

say() { echo "kafka: $*" >&2; }
die() { say "error: $*"; exit 1; }

port_answers() {  # port -> 0 when something accepts a TCP connection on 127.0.0.1:port
    timeout 2 bash -c "exec 3<>/dev/tcp/127.0.0.1/$1" 2>/dev/null
}

our_pid() {  # prints the pid of the broker started here, when it is still alive
    [[ -f "$PID_FILE" ]] || return 1
    local pid
    pid="$(cat "$PID_FILE" 2>/dev/null)" || return 1
    [[ "$pid" =~ ^[0-9]+$ ]] || return 1
    # A stale pid file may name a recycled pid: only a java running kafka.Kafka counts.
    if [[ -r "/proc/$pid/cmdline" ]]; then
        tr '\0' ' ' <"/proc/$pid/cmdline" | grep -q 'kafka\.Kafka' || return 1
    else
        kill -0 "$pid" 2>/dev/null || return 1
    fi
    echo "$pid"
}

log_tail() {
    if [[ -f "$LOG_FILE" ]]; then
        say "last lines of $LOG_FILE:"
        tail -n 40 "$LOG_FILE" >&2
    fi
}

require_java() {
    local java="${JAVA_HOME:+$JAVA_HOME/bin/}java"
    command -v "$java" >/dev/null 2>&1 || die "java not found: install a JDK 17+ (e.g. apt-get install openjdk-17-jre-headless) or set JAVA_HOME"
    local major
    major="$("$java" -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.specification.version/ {print $2}')"
    major="${major%%.*}"
    [[ "$major" =~ ^[0-9]+$ && "$major" -ge 17 ]] || die "Kafka 4 needs Java 17 or newer; $java is version ${major:-unknown}"
    JAVA="$java"
}

fetch_classpath() {  # the broker's jars, fetched again only when pom.xml changes
    local stamp="$LIB_DIR/.pom.sha256" want
    want="$(sha256sum "$POM" | cut -d' ' -f1)"
    if [[ -f "$stamp" && "$(cat "$stamp")" == "$want" ]]; then
        return 0
    fi
    command -v mvn >/dev/null 2>&1 || die "mvn not found: install Maven (e.g. apt-get install maven)"
    say "fetching the broker's jars from Maven Central into $LIB_DIR (first run only)"
    local tmp="$KAFKA_STATE_DIR/lib.tmp"
    rm -rf "$tmp"
    # Maven 3.8 prints colour resets even when quiet and batch: strip them (pipefail keeps
    # Maven's exit status).
    if ! mvn -B -q -f "$POM" dependency:copy-dependencies \
            -DoutputDirectory="$tmp" -DincludeScope=runtime 2>&1 \
            | sed -e 's/\x1b\[[0-9;]*m//g' -e '/^$/d' >&2; then
        rm -rf "$tmp"
        die "Maven could not fetch the broker (see above)"
    fi
    # Swap whole directories so two Kafka versions never mix on one classpath.
    echo "$want" >"$tmp/.pom.sha256"
    rm -rf "$LIB_DIR"
    mv "$tmp" "$LIB_DIR"
}

write_config() {
    sed -e "s|@PORT@|$KAFKA_PORT|g" \
        -e "s|@CONTROLLER_PORT@|$KAFKA_CONTROLLER_PORT|g" \
        -e "s|@DATA_DIR@|$DATA_DIR|g" \
        "$TEMPLATE" >"$PROPS.tmp"
    mv "$PROPS.tmp" "$PROPS"
}

format_storage() {  # once per data dir: a single-voter KRaft quorum
    local ports="$KAFKA_PORT $KAFKA_CONTROLLER_PORT"
    if [[ -f "$DATA_DIR/meta.properties" ]]; then
        if [[ -f "$PORTS_FILE" && "$(cat "$PORTS_FILE")" != "$ports" ]]; then
            die "$DATA_DIR was formatted for ports $(cat "$PORTS_FILE") (client, controller), not $ports: run '$0 clean' first, or set KAFKA_STATE_DIR"
        fi
        return 0
    fi
    # The tool prints the cluster id on stdout: its own logging goes to stderr, warnings only.
    local -a tool=("$JAVA" -cp "$LIB_DIR/*" -Dlog4j2.configurationFile="$LOG_CONFIG"
                   -Dkafka.log.target=SYSTEM_ERR -Dkafka.log.level=WARN kafka.tools.StorageTool)
    local cluster_id=""
    [[ -f "$CLUSTER_ID_FILE" ]] && cluster_id="$(cat "$CLUSTER_ID_FILE")"
    if [[ ! "$cluster_id" =~ ^[A-Za-z0-9_-]{22}$ ]]; then
        cluster_id="$("${tool[@]}" random-uuid | tail -n 1)"
        [[ "$cluster_id" =~ ^[A-Za-z0-9_-]{22}$ ]] || die "kafka-storage random-uuid gave '$cluster_id'"
        echo "$cluster_id" >"$CLUSTER_ID_FILE"
    fi
    say "formatting $DATA_DIR (cluster $cluster_id)"
    local out
    if ! out="$("${tool[@]}" format -t "$cluster_id" -c "$PROPS" --standalone --ignore-formatted 2>&1)"; then
        echo "$out" >&2
        die "kafka-storage format failed"
    fi
    echo "$ports" >"$PORTS_FILE"
}

wait_until_ready() {  # pid -> returns when the broker answers, fails when it dies or times out
    local pid="$1" deadline=$((SECONDS + KAFKA_START_TIMEOUT))
    while ((SECONDS < deadline)); do
        if ! kill -0 "$pid" 2>/dev/null; then
            rm -f "$PID_FILE"
            log_tail
            die "the broker exited during start-up"
        fi
        if grep -q 'Kafka Server started' "$LOG_FILE" 2>/dev/null && port_answers "$KAFKA_PORT"; then
            return 0
        fi
        sleep 0.5
    done
    log_tail
    die "the broker did not answer on 127.0.0.1:$KAFKA_PORT within ${KAFKA_START_TIMEOUT}s (still running as pid $pid; '$0 stop' stops it)"
}

start() {
    mkdir -p "$KAFKA_STATE_DIR"
    # Two concurrent starts (make -j, two terminals) must not launch two brokers.
    if command -v flock >/dev/null 2>&1; then
        exec 9>"$KAFKA_STATE_DIR/.lock"
        flock -w $((KAFKA_START_TIMEOUT + 300)) 9 || die "another kafka.sh holds $KAFKA_STATE_DIR/.lock"
    fi

    local pid
    if pid="$(our_pid)"; then
        # It listens where its data dir was formatted to: other ports need another state dir.
        if [[ -f "$PORTS_FILE" && "$(cat "$PORTS_FILE")" != "$KAFKA_PORT $KAFKA_CONTROLLER_PORT" ]]; then
            die "the broker of $KAFKA_STATE_DIR (pid $pid) uses ports $(cat "$PORTS_FILE") (client, controller), not $KAFKA_PORT $KAFKA_CONTROLLER_PORT: give a second broker its own KAFKA_STATE_DIR"
        fi
        if ! port_answers "$KAFKA_PORT"; then
            say "broker pid $pid is starting; waiting for it"
            wait_until_ready "$pid"
        fi
        say "already running (pid $pid) on 127.0.0.1:$KAFKA_PORT"
        return 0
    fi
    if port_answers "$KAFKA_PORT"; then
        say "something already answers on 127.0.0.1:$KAFKA_PORT; using it and starting nothing"
        return 0
    fi
    if port_answers "$KAFKA_CONTROLLER_PORT"; then
        die "127.0.0.1:$KAFKA_CONTROLLER_PORT (controller port) is taken by another process; set KAFKA_CONTROLLER_PORT"
    fi

    require_java
    fetch_classpath
    write_config
    format_storage

    [[ -f "$LOG_FILE" ]] && mv -f "$LOG_FILE" "$LOG_FILE.1"
    rm -f "$PID_FILE"
    local started=$SECONDS
    # Heap and GC as in bin/kafka-server-start.sh (Xms = Xmx on purpose, see KAFKA-19890).
    local -a jvm_opts
    read -r -a jvm_opts <<<"$KAFKA_HEAP_OPTS"
    jvm_opts+=(-server -XX:+UseG1GC -XX:MaxGCPauseMillis=20 -XX:InitiatingHeapOccupancyPercent=35
               -XX:+ExplicitGCInvokesConcurrent -Djava.awt.headless=true
               -Dlog4j2.configurationFile="$LOG_CONFIG" -Dkafka.logs.dir="$KAFKA_STATE_DIR")
    # Own session (setsid) and nohup: Ctrl-C in the terminal or make that started it must not
    # kill the broker. The inner shell records its pid, then becomes java (exec keeps the pid).
    # 9>&-: the broker must not inherit (and so hold forever) the start lock.
    local -a detach=()
    command -v setsid >/dev/null 2>&1 && detach=(setsid)
    # shellcheck disable=SC2016  # $$ and $@ belong to the inner shell
    nohup "${detach[@]}" bash -c 'echo $$ >"$1"; shift; exec "$@"' kafka-start "$PID_FILE" \
        "$JAVA" "${jvm_opts[@]}" -cp "$LIB_DIR/*" kafka.Kafka "$PROPS" \
        >"$LOG_FILE" 2>&1 </dev/null 9>&- &
    local launcher=$!
    for _ in $(seq 50); do
        [[ -s "$PID_FILE" ]] && break
        sleep 0.1
    done
    pid="$(cat "$PID_FILE" 2>/dev/null || echo "$launcher")"
    echo "$pid" >"$PID_FILE"
    say "starting broker (pid $pid), log in $LOG_FILE"
    wait_until_ready "$pid"
    say "broker ready on 127.0.0.1:$KAFKA_PORT in $((SECONDS - started))s (pid $pid)"
}

stop() {
    local clean="${1:-}" pid
    if pid="$(our_pid)"; then
        say "stopping broker (pid $pid)"
        kill -TERM "$pid" 2>/dev/null || true
        # A controlled shutdown takes a few seconds; give it a minute before forcing.
        for _ in $(seq 600); do
            kill -0 "$pid" 2>/dev/null || break
            sleep 0.1
        done
        if kill -0 "$pid" 2>/dev/null; then
            say "broker still running after 60s; killing it"
            kill -KILL "$pid" 2>/dev/null || true
            sleep 1
        fi
        say "stopped"
    else
        say "no broker started by this script is running"
    fi
    rm -f "$PID_FILE"
    if [[ "$clean" == "--clean" ]]; then
        rm -rf "$DATA_DIR" "$CLUSTER_ID_FILE" "$PORTS_FILE"
        say "removed $DATA_DIR"
    fi
}

status() {
    local pid
    if pid="$(our_pid)"; then
        if port_answers "$KAFKA_PORT"; then
            echo "running (pid $pid) on 127.0.0.1:$KAFKA_PORT"
            return 0
        fi
        echo "started (pid $pid) but not answering on 127.0.0.1:$KAFKA_PORT"
        return 1
    fi
    if port_answers "$KAFKA_PORT"; then
        echo "something not started by this script (a broker, presumably) answers on 127.0.0.1:$KAFKA_PORT"
        return 0
    fi
    echo "not running"
    return 1
}

logs() {
    [[ -f "$LOG_FILE" ]] || die "no log yet ($LOG_FILE)"
    if [[ "${1:-}" == "-f" ]]; then
        exec tail -n "$KAFKA_LOG_LINES" -f "$LOG_FILE"
    fi
    tail -n "$KAFKA_LOG_LINES" "$LOG_FILE"
}

case "${1:-}" in
    start) start ;;
    stop) stop "${2:-}" ;;
    clean) stop --clean ;;
    status) status ;;
    logs) logs "${2:-}" ;;
    *)
        echo "usage: $0 start | stop [--clean] | clean | status | logs [-f]" >&2
        exit 2
        ;;
esac
