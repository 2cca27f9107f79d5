"""A write-once map over a key-value store that forgets entries after a while.

Entries are listed in the time bucket they were written in, so expiry visits only
the buckets that have fallen out of the horizon: no scan of the store, which may be
a Faust table with millions of keys.
"""

from __future__ import annotations

from collections.abc import MutableMapping

_FIRST = "x:first"


class ExpiringLog:
    """`key -> value`, each entry written once and dropped `max_age_s` after it was written."""

    def __init__(self, store: MutableMapping[str, bytes], max_age_s: float,
                 bucket_s: float = 3600.0) -> None:
        self.store = store
        self.max_age_s = max_age_s
        self.bucket_s = bucket_s

    def get(self, key: str) -> bytes | None:
        return self.store.get("e:" + key)

    def add(self, key: str, value: bytes, now: float) -> None:
        bucket = int(now // self.bucket_s)
        count_key = f"b:{bucket}"
        count = int(self.store.get(count_key) or b"0")
        self.store["e:" + key] = value
        self.store[f"{count_key}.{count}"] = key.encode()
        self.store[count_key] = str(count + 1).encode()
        if _FIRST not in self.store:
            self.store[_FIRST] = str(bucket).encode()

    def expire(self, now: float) -> int:
        """Drop entries of buckets older than the horizon; returns how many went."""
        first_raw = self.store.get(_FIRST)
        if first_raw is None:
            return 0
        first = int(first_raw)
        last_old = int((now - self.max_age_s) // self.bucket_s) - 1
        removed = 0
        for bucket in range(first, last_old + 1):
            count_key = f"b:{bucket}"
            count = int(self.store.pop(count_key, b"0"))
            for index in range(count):
                key = self.store.pop(f"{count_key}.{index}", None)
                if key is not None and self.store.pop("e:" + key.decode(), None) is not None:
                    removed += 1
        if last_old + 1 > first:
            self.store[_FIRST] = str(last_old + 1).encode()
        return removed
