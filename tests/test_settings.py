"""Settings come from the environment, and the README documents every variable."""

from __future__ import annotations

import re
from pathlib import Path

from workers.settings import Settings, environment_variables

README = Path(__file__).resolve().parent.parent / "README.md"


def test_environment_overrides_defaults_with_types() -> None:
    settings = Settings.from_env({
        "KAFKA_BOOTSTRAP_SERVERS": "broker-1:9092,broker-2:9092",
        "KAFKA_SASL_PASSWORD": "s3cret",
        "WIRESTREAM_TOPIC_RAW": "crawl.pages",
        "WIRESTREAM_PAGE_TIMEOUT_S": "3.5",
        "WIRESTREAM_INPUT_PARTITIONS": "12",
        "WIRESTREAM_DEDUP_WINDOW_DAYS": "2",
    })
    assert settings.kafka.bootstrap_servers == "broker-1:9092,broker-2:9092"
    assert settings.topics.raw == "crawl.pages"
    assert settings.topics.clean == "articles.clean"
    assert settings.page_timeout_s == 3.5
    assert settings.input_partitions == 12
    assert settings.dedup.window_days == 2.0
    # Secrets never reach logs through the settings' repr.
    assert "s3cret" not in repr(settings)


def test_empty_environment_gives_the_documented_defaults() -> None:
    assert Settings.from_env({}) == Settings()
    # Each default the README's Configuration table gives, set explicitly, changes nothing.
    rows = re.findall(r"^\| `([A-Z_]+)` \| `([^`]*)` \|", README.read_text(), re.MULTILINE)
    assert len(rows) >= 20
    differ = [(name, value) for name, value in rows
              if Settings.from_env({name: value}) != Settings()]
    assert not differ, f"README defaults that are not the code's: {differ}"


# Stage tuning knobs are documented by their prefix rule and the comments in settings.py.
STAGE_PREFIXES = ("WIRESTREAM_EXTRACT_", "WIRESTREAM_DEDUP_", "WIRESTREAM_TAG_")


def test_readme_documents_every_environment_variable() -> None:
    readme = README.read_text()
    missing = [name for name in environment_variables()
               if not name.startswith(STAGE_PREFIXES) and name not in readme]
    assert not missing, f"README lacks {missing}"
    for prefix in STAGE_PREFIXES:
        assert f"`{prefix}<FIELD>`" in readme, f"README lacks the {prefix} rule"
