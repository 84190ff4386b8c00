"""The envelope of planner's files of records kept by id (dated items, ideas):
``{"format": F, "version": N, KEY: {id: record}}``, read and checked in one place for the
stores, the sync's merge and `planner import` alike, and written the one way.

A file planner cannot trust (not UTF-8 or JSON, another format, a newer version, a record
whose check fails, a record filed under another id) is a StoreError naming the file, the
record and the field: never read half, never written over."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from planner.store.day_check import RecordError
from planner.store.files import write_atomically
from planner.store.records import StoreError

Value = TypeVar("Value")


@dataclass(frozen=True)
class Envelope:
    """What a kind of file says it is: ``{"format": format, "version": version, key: …}``;
    ``noun`` names one of its records in messages."""

    format: str
    version: int  # the newest this planner reads (and writes)
    key: str
    noun: str

    def records(
        self,
        raw: bytes,
        where: Path,
        check: Callable[[Any, str], Value],
        id_of: Callable[[Value], str],
    ) -> dict[str, Value]:
        """The records of ``raw`` (a file's bytes), each made by ``check`` (RecordError
        naming the record and the field when it cannot be); StoreError naming ``where``."""
        try:
            data = json.loads(raw.decode("utf-8"))
        except UnicodeDecodeError as error:
            raise StoreError(where, f"is not UTF-8 text (byte {error.start})") from None
        except (ValueError, RecursionError) as error:
            raise StoreError(where, f"is not valid JSON ({error})") from None
        if not isinstance(data, dict) or data.get("format") != self.format:
            said = f'is not a planner {self.key} file (no "format": "{self.format}")'
            raise StoreError(where, said)
        version = data.get("version")
        if not isinstance(version, int) or isinstance(version, bool) or version < 1:
            raise StoreError(where, f"has no valid version (found {version!r})")
        if version > self.version:
            raise StoreError(
                where,
                f"was written by a newer planner (version {version}; this one reads up to "
                f"{self.version}): update planner on this machine",
            )
        records = data.get(self.key)
        if not isinstance(records, dict):
            raise StoreError(where, f'has no "{self.key}" record')
        found: dict[str, Value] = {}
        for key, record in records.items():
            try:
                value = check(record, f"{self.noun} {key!r}")
            except RecordError as error:
                raise StoreError(where, str(error)) from None
            if id_of(value) != key:
                raise StoreError(where, f"{self.noun} {key!r} holds the id {id_of(value)!r}")
            found[key] = value
        return found

    def read(
        self, path: Path, check: Callable[[Any, str], Value], id_of: Callable[[Value], str]
    ) -> dict[str, Value]:
        """``records`` of the file at ``path``; none when it does not exist."""
        try:
            raw = path.read_bytes()
        except FileNotFoundError:
            return {}
        except OSError as error:
            raise StoreError(path, f"cannot be read ({error.strerror or error})") from None
        return self.records(raw, path, check, id_of)

    def dump(self, records: dict[str, dict[str, Any]]) -> bytes:
        data = {
            "format": self.format,
            "version": self.version,
            self.key: dict(sorted(records.items())),
        }
        return (json.dumps(data, indent=1, sort_keys=True, ensure_ascii=False) + "\n").encode()

    def write(self, path: Path, records: dict[str, dict[str, Any]]) -> None:
        """``records`` written atomically to ``path`` (its folder made if need be)."""
        path.parent.mkdir(parents=True, exist_ok=True)
        write_atomically(path, self.dump(records))
