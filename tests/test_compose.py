"""docker-compose.yml and the Dockerfile cannot run here (no Docker engine): check them by reading.

What matters: the broker is Apache Kafka 4.x in single-node KRaft mode with the same single-node
settings as the local broker (scripts/kafka/server.properties), its listeners are consistent, and
the worker is built from the repo's Dockerfile, waits for a healthy broker, reaches it on the
internal listener, and can be watched from the host (/health and /metrics published, a
healthcheck) however many replicas run.
"""

from __future__ import annotations

import fnmatch
import json
import re
import shlex
import subprocess
import sys
import threading
import tomllib
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
COMPOSE = ROOT / "docker-compose.yml"
DOCKERFILE = ROOT / "Dockerfile"
LOCAL_BROKER_PROPS = ROOT / "scripts" / "kafka" / "server.properties"

# `${VAR:-default}` or `${VAR-default}`: compose substitutes the default when VAR is unset.
_INTERPOLATION = re.compile(r"\$\{[A-Za-z_][A-Za-z0-9_]*:?-([^}]*)\}")


def _with_defaults(value: object) -> str:
    return _INTERPOLATION.sub(lambda m: m.group(1), str(value))


def _environment(service: dict) -> dict[str, str]:
    env = service.get("environment") or {}
    if isinstance(env, list):  # the `- KEY=value` form
        env = dict(item.split("=", 1) for item in env)
    return {key: _with_defaults(value) for key, value in env.items()}


def _listeners(spec: str) -> dict[str, tuple[str, int]]:
    """`NAME://host:port,...` -> {NAME: (host, port)}."""
    result = {}
    for item in spec.split(","):
        name, address = item.strip().split("://", 1)
        host, port = address.rsplit(":", 1)
        result[name] = (host, int(port))
    return result


def _port_mappings(service: dict) -> list[dict[str, str]]:
    """Both forms of `ports:` as {host_ip, published, target}; "" where a part is left out."""
    mappings = []
    for item in service.get("ports") or []:
        if isinstance(item, dict):  # the long form
            mappings.append({
                "host_ip": _with_defaults(item.get("host_ip", "")),
                "published": _with_defaults(item.get("published", "")),
                "target": _with_defaults(item["target"]),
            })
            continue
        # The short form: [[HOST_IP:]PUBLISHED:]TARGET[/PROTOCOL]
        parts = _with_defaults(item).split("/", 1)[0].rsplit(":", 2)
        parts = [""] * (3 - len(parts)) + parts
        mappings.append(dict(zip(("host_ip", "published", "target"), parts, strict=True)))
    return mappings


def _worker_web_port(worker: dict) -> int:
    """The port of the worker's web server in its container: the Dockerfile's EXPOSE, which
    the compose file's WIRESTREAM_WEB_PORT (the worker's setting) must not contradict."""
    exposed = [rest for keyword, rest in _dockerfile_instructions() if keyword == "EXPOSE"]
    assert len(exposed) == 1, "the Dockerfile should EXPOSE the web port once"
    port = int(exposed[0].split("/")[0])
    assert int(_environment(worker).get("WIRESTREAM_WEB_PORT", port)) == port
    return port


def _properties(path: Path) -> dict[str, str]:
    props = {}
    for line in path.read_text().splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            key, value = line.split("=", 1)
            props[key.strip()] = value.strip()
    return props


def _env_name(prop: str) -> str:
    """The apache/kafka image's mapping: `.`->`_`, `_`->`__`, `-`->`___`, prefix KAFKA_."""
    return "KAFKA_" + prop.replace("_", "__").replace("-", "___").replace(".", "_").upper()


@pytest.fixture(scope="module")
def compose() -> dict:
    return yaml.safe_load(COMPOSE.read_text())


@pytest.fixture(scope="module")
def kafka(compose: dict) -> dict:
    return compose["services"]["kafka"]


@pytest.fixture(scope="module")
def kafka_env(kafka: dict) -> dict[str, str]:
    return _environment(kafka)


@pytest.fixture(scope="module")
def worker(compose: dict) -> dict:
    return compose["services"]["worker"]


def _dockerfile_instructions() -> list[tuple[str, str]]:
    text = DOCKERFILE.read_text().replace("\\\n", " ")
    instructions = []
    for line in text.splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            keyword, _, rest = line.partition(" ")
            instructions.append((keyword.upper(), rest.strip()))
    return instructions


def _exec_form(argument: str) -> list[str]:
    parsed = yaml.safe_load(argument)  # a JSON array is valid YAML
    assert isinstance(parsed, list), f"not the exec (JSON array) form: {argument}"
    return parsed


def test_kafka_is_the_official_image_at_major_version_4(kafka: dict) -> None:
    repository, _, tag = kafka["image"].partition(":")
    assert repository in {"apache/kafka", "docker.io/apache/kafka"}
    assert re.fullmatch(r"4\.\d+\.\d+", tag), f"pin an exact 4.x release, not {tag!r}"


def test_kafka_runs_single_node_kraft(kafka_env: dict[str, str]) -> None:
    roles = {role.strip() for role in kafka_env["KAFKA_PROCESS_ROLES"].split(",")}
    assert roles == {"broker", "controller"}
    assert "KAFKA_ZOOKEEPER_CONNECT" not in kafka_env
    # The image formats the log dir with this id (22 characters of base64url, like a Kafka Uuid).
    assert re.fullmatch(r"[A-Za-z0-9_-]{22}", kafka_env["CLUSTER_ID"])

    node_id = int(kafka_env["KAFKA_NODE_ID"])
    voters = kafka_env["KAFKA_CONTROLLER_QUORUM_VOTERS"].split(",")
    assert len(voters) == 1, "a single node is the only voter"
    voter_id, _, voter_address = voters[0].partition("@")
    assert int(voter_id) == node_id

    listeners = _listeners(kafka_env["KAFKA_LISTENERS"])
    controller = kafka_env["KAFKA_CONTROLLER_LISTENER_NAMES"]
    assert controller in listeners
    voter_host, voter_port = voter_address.rsplit(":", 1)
    assert voter_host in {"kafka", "localhost"}
    assert int(voter_port) == listeners[controller][1]


def test_kafka_listeners_are_consistent(kafka_env: dict[str, str]) -> None:
    listeners = _listeners(kafka_env["KAFKA_LISTENERS"])
    advertised = _listeners(kafka_env["KAFKA_ADVERTISED_LISTENERS"])
    protocols = dict(
        pair.split(":") for pair in kafka_env["KAFKA_LISTENER_SECURITY_PROTOCOL_MAP"].split(",")
    )
    controller = kafka_env["KAFKA_CONTROLLER_LISTENER_NAMES"]
    assert set(listeners) <= set(protocols)
    assert set(advertised) <= set(listeners) - {controller}
    assert kafka_env["KAFKA_INTER_BROKER_LISTENER_NAME"] in advertised
    for name, (_, port) in advertised.items():
        if advertised[name][0] == "kafka":  # reached inside the compose network
            assert listeners[name][1] == port


def test_kafka_has_the_local_brokers_single_node_settings(kafka_env: dict[str, str]) -> None:
    local = _properties(LOCAL_BROKER_PROPS)
    shared = [
        "default.replication.factor",
        "min.insync.replicas",
        "offsets.topic.replication.factor",
        "transaction.state.log.replication.factor",
        "transaction.state.log.min.isr",
        "share.coordinator.state.topic.replication.factor",
        "share.coordinator.state.topic.min.isr",
        "group.initial.rebalance.delay.ms",
        "offsets.topic.num.partitions",
        "transaction.state.log.num.partitions",
        "num.partitions",
        "auto.create.topics.enable",
        "message.max.bytes",
        "replica.fetch.max.bytes",
    ]
    for prop in shared:
        assert _env_name(prop) in kafka_env, f"{prop} missing from the kafka service"
        assert kafka_env[_env_name(prop)] == local[prop], prop
    # One broker can hold one replica: any factor above 1 leaves internal topics uncreated.
    assert kafka_env["KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR"] == "1"
    assert kafka_env["KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR"] == "1"
    # Pages of up to 10 MB must pass.
    assert int(kafka_env["KAFKA_MESSAGE_MAX_BYTES"]) > 10 * 1024 * 1024


def test_kafka_keeps_its_data_and_has_a_healthcheck(kafka: dict, kafka_env: dict) -> None:
    mounts = [str(volume).split(":") for volume in kafka.get("volumes", [])]
    assert [kafka_env["KAFKA_LOG_DIRS"]] == [target for _, target, *_ in mounts]
    test = kafka["healthcheck"]["test"]
    command = test if isinstance(test, str) else " ".join(test[1:])
    assert "kafka-broker-api-versions.sh" in command
    host_port = re.search(r"--bootstrap-server\s+(\S+)", command).group(1)
    port = int(host_port.rsplit(":", 1)[1])
    assert port in {p for _, p in _listeners(kafka_env["KAFKA_LISTENERS"]).values()}


def test_worker_is_built_here_and_waits_for_a_healthy_broker(worker: dict) -> None:
    build = worker["build"]
    context = build if isinstance(build, str) else build.get("context", ".")
    dockerfile = "Dockerfile" if isinstance(build, str) else build.get("dockerfile", "Dockerfile")
    assert (ROOT / context / dockerfile).resolve() == DOCKERFILE
    assert worker["depends_on"]["kafka"]["condition"] == "service_healthy"
    # A fixed container name would make `docker compose up --scale worker=N` fail.
    assert "container_name" not in worker


def test_worker_reaches_kafka_on_its_internal_listener(
    worker: dict, kafka: dict, kafka_env: dict[str, str]
) -> None:
    bootstrap = _environment(worker)["KAFKA_BOOTSTRAP_SERVERS"]
    advertised = _listeners(kafka_env["KAFKA_ADVERTISED_LISTENERS"])
    internal = {(host, port) for host, port in advertised.values() if host == "kafka"}
    assert internal, "no listener is advertised under the service name"
    for server in bootstrap.split(","):
        host, port = server.strip().rsplit(":", 1)
        assert host in {"kafka", kafka.get("hostname")}
        assert (host, int(port)) in internal
        # ...and not the listener published to the host, which advertises localhost.
        published = {int(_with_defaults(m).rsplit(":", 1)[1]) for m in kafka.get("ports", [])}
        assert int(port) not in published


def test_worker_health_and_metrics_reach_the_host_from_every_replica(worker: dict) -> None:
    web_port = _worker_web_port(worker)
    published = [m for m in _port_mappings(worker) if int(m["target"]) == web_port]
    assert len(published) == 1, f"publish the worker's port {web_port} (/health, /metrics)"
    mapping = published[0]
    # Loopback, like the broker: metrics are nobody else's business.
    assert mapping["host_ip"] in {"127.0.0.1", "localhost", "::1", "[::1]"}
    # A fixed host port clashes from the second replica on (`--scale worker=N`); without
    # one each replica gets a free port (`docker compose port --index N worker 6066`).
    assert mapping["published"] == "", f"a fixed host port {mapping['published']} breaks --scale"
    # Nothing else of the worker is published (it serves nothing else).
    assert len(_port_mappings(worker)) == 1


class _Health(BaseHTTPRequestHandler):
    status = "ok"

    def do_GET(self) -> None:
        body = json.dumps({"status": _Health.status}).encode()
        self.send_response(200 if self.path == "/health" else 404)
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:  # keep the test output clean
        pass


def test_worker_healthcheck_asks_its_health_endpoint(worker: dict) -> None:
    """Run the healthcheck's command against a stand-in /health: healthy on `ok`, unhealthy
    while the worker stops or when nothing answers."""
    web_port = _worker_web_port(worker)
    test = worker["healthcheck"]["test"]
    assert isinstance(test, list) and test[0] == "CMD", "exec form: the image has no shell tools"
    command = test[1:]
    # python:3.11-slim has Python but neither curl nor wget.
    assert command[0] in {"python", "python3"}
    script = " ".join(command)
    assert f"127.0.0.1:{web_port}/health" in script or f"localhost:{web_port}/health" in script

    server = ThreadingHTTPServer(("127.0.0.1", 0), _Health)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    free_port = server.server_address[1]
    args = [sys.executable, *[part.replace(f":{web_port}/", f":{free_port}/")
                              for part in command[1:]]]
    try:
        _Health.status = "ok"
        assert subprocess.run(args, capture_output=True, timeout=30).returncode == 0
        _Health.status = "stopping"
        assert subprocess.run(args, capture_output=True, timeout=30).returncode != 0
    finally:
        server.shutdown()
        server.server_close()
    assert subprocess.run(args, capture_output=True, timeout=30).returncode != 0


def test_dockerfile_installs_the_package_and_runs_the_worker() -> None:
    instructions = _dockerfile_instructions()
    assert instructions[0] == ("FROM", "python:3.11-slim")
    runs = " ".join(rest for keyword, rest in instructions if keyword == "RUN")
    assert re.search(r"\bpip install\b[^&;]*\s\.(\s|$)", runs), "pip install . missing"
    entrypoints = [rest for keyword, rest in instructions if keyword == "ENTRYPOINT"]
    assert len(entrypoints) == 1
    assert _exec_form(entrypoints[0]) == ["wirestream", "worker"]
    # ...and the image really has a `wirestream` command: the package's console script.
    scripts = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["scripts"]
    assert "wirestream" in scripts
    users = [rest for keyword, rest in instructions if keyword == "USER"]
    assert users and users[-1] not in {"root", "0"}, "the worker should not run as root"


def test_dockerignore_keeps_what_the_dockerfile_copies() -> None:
    patterns = [
        line.strip()
        for line in (ROOT / ".dockerignore").read_text().splitlines()
        if line.strip() and not line.startswith("#")
    ]
    copied = []
    for keyword, rest in _dockerfile_instructions():
        if keyword == "COPY" and "--from" not in rest:
            copied += [s for s in shlex.split(rest)[:-1] if not s.startswith("--")]
    assert copied, "the Dockerfile copies nothing"
    for source in copied:
        assert (ROOT / source).exists(), f"COPY {source}: not in the repository"
        ignored = [p for p in patterns if fnmatch.fnmatch(source, p.lstrip("/"))]
        assert not ignored, f"COPY {source} is excluded by .dockerignore {ignored}"
    # The local broker's data and the venv must never be sent as build context.
    assert {".kafka", ".venv", ".git"} <= set(patterns)
