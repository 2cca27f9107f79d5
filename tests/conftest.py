"""Shared fixtures. Integration tests need a real broker: `make test` starts one."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.kafka_helpers import Deployment, bootstrap_servers, broker_answers


@pytest.fixture(scope="session")
def kafka() -> str:
    servers = bootstrap_servers()
    if not broker_answers(servers):
        message = f"no Kafka broker answers at {servers}; `make test` starts one"
        if os.environ.get("WIRESTREAM_REQUIRE_KAFKA") == "1":
            pytest.fail(message)
        pytest.skip(message)
    return servers


@pytest.fixture
def deployment(kafka: str, tmp_path: Path, request: pytest.FixtureRequest) -> Iterator[Deployment]:
    deployed = Deployment(workdir=tmp_path)
    yield deployed
    deployed.stop_all()
    report = getattr(request.node, "rep_call", None)
    if report is not None and report.failed:
        print(deployed.logs())


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo) -> Iterator[None]:
    outcome = yield
    report = outcome.get_result()
    setattr(item, f"rep_{report.when}", report)
