"""The JSON Schemas of the published records (files under `schemas/`)."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

from jsonschema import Draft202012Validator
from referencing import Registry, Resource

SCHEMA_DIR = Path(__file__).resolve().parent.parent / "schemas"
NAMES = ("page", "article", "duplicate", "rejected", "tag")


@cache
def _registry() -> Registry:
    resources = []
    for name in NAMES:
        document = json.loads((SCHEMA_DIR / f"{name}.schema.json").read_text())
        resource = Resource.from_contents(document)
        resources += [(document["$id"], resource), (f"{name}.schema.json", resource)]
    return Registry().with_resources(resources)


@cache
def validator(name: str) -> Draft202012Validator:
    document = json.loads((SCHEMA_DIR / f"{name}.schema.json").read_text())
    return Draft202012Validator(
        document, registry=_registry(), format_checker=Draft202012Validator.FORMAT_CHECKER
    )


def validate(name: str, record: dict[str, Any]) -> None:
    """Raise `jsonschema.ValidationError` unless `record` matches schema `name`."""
    validator(name).validate(record)
