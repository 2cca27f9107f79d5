"""Store doubles for the stateful stages (any `MutableMapping[str, bytes]`)."""

from __future__ import annotations


class NoIteration(dict):
    """A store that fails the test when anything reads all of it: expiry and the stages
    must follow their own listings, never scan a table."""

    def __iter__(self):
        raise AssertionError("the store was iterated")

    def keys(self):
        raise AssertionError("the store was iterated")

    def items(self):
        raise AssertionError("the store was iterated")

    def values(self):
        raise AssertionError("the store was iterated")
