"""git's merge driver for day files, and for the files of records by id (the dated items'
``items/YYYY.json``: ``planner.store.record_files``):
``python -m planner.remote.merge_driver %O %A %B %P``.

git calls it when both sides of a merge changed such a file, with the common version (%O;
an empty file when both sides made the file: no common version), ours (%A, where the result
goes), theirs (%B) and the file's path in the repository (%P). Every day in a day file is
merged record by record (``planner.store.merge.merge_three``); in a record file, each id
keeps the newer record, tombstones included (``record_files.merged_records``). The result,
a valid file of this schema, replaces %A: never conflict markers.

A file planner cannot trust (damaged, foreign, or from a newer planner) stops the merge
(exit 1) with the file and the reason named; %A is left as it was, nothing is overwritten.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from datetime import date
from pathlib import Path

from planner.core.model import Day
from planner.store.day_format import (
    DAYS_TABLE,
    TASKS_TABLE,
    decode_day,
    header_record,
    task_key,
    task_record,
)
from planner.store.merge import merge_three
from planner.store.record_files import dump_records, kind_of, merged_records, records_in
from planner.store.records import StoreError, Tables, dump_tables, meta_tables, parse_tables

USAGE = "usage: python -m planner.remote.merge_driver BASE OURS THEIRS PATH"


def read_days(path: Path, shown: str, *, may_be_empty: bool = False) -> dict[date, Day]:
    """The days of one version of a day file; StoreError naming ``shown`` if untrusted."""
    return days_in(path.read_bytes(), shown, may_be_empty=may_be_empty)


def days_in(raw: bytes, shown: str, *, may_be_empty: bool = False) -> dict[date, Day]:
    """``read_days`` on a version's bytes (as git keeps them)."""
    if may_be_empty and not raw.strip():
        return {}
    tables = parse_tables(Path(shown), raw)
    headers, tasks = tables.get(DAYS_TABLE, {}), tables.get(TASKS_TABLE, {})
    days: dict[date, Day] = {}
    for iso, header in headers.items():
        try:
            when = date.fromisoformat(iso)
        except ValueError:
            raise StoreError(Path(shown), f"has a day record named {iso!r}, not a date") from None
        day = decode_day(Path(shown), header, tasks, when)
        if day is not None:
            days[when] = day
    return days


def merged_tables(base: dict[date, Day], ours: dict[date, Day], theirs: dict[date, Day]) -> Tables:
    """The file holding every day of the three versions, each merged record by record."""
    headers: dict[str, dict[str, object]] = {}
    tasks: dict[str, dict[str, object]] = {}
    for when in sorted({*base, *ours, *theirs}):
        day = merge_three(base.get(when), ours.get(when), theirs.get(when))
        if day is None:
            continue
        headers[when.isoformat()] = header_record(day)
        for task in day.tasks:
            tasks[task_key(when, task.id)] = task_record(when, task, task.updated_at)
    return {**meta_tables(), DAYS_TABLE: headers, TASKS_TABLE: tasks}


def merged_file(base: dict[date, Day], ours: dict[date, Day], theirs: dict[date, Day]) -> bytes:
    """The merged day file's bytes, as the store writes them."""
    return dump_tables(merged_tables(base, ours, theirs)).encode("utf-8")


def merged_version(name: str, base: bytes, ours: bytes, theirs: bytes) -> bytes:
    """The merge of three versions of the file ``name`` (a path in the repository: a day
    file or a record file); StoreError naming the version planner cannot trust."""
    shown = (f"{name} (common version)", f"{name} (this machine)", f"{name} (the other machine)")
    kind = kind_of(name)
    if kind is not None:
        return dump_records(
            kind,
            merged_records(
                records_in(base, kind, shown[0], may_be_empty=True),
                records_in(ours, kind, shown[1]),
                records_in(theirs, kind, shown[2]),
            ),
        )
    return merged_file(
        days_in(base, shown[0], may_be_empty=True),
        days_in(ours, shown[1]),
        days_in(theirs, shown[2]),
    )


def main(argv: Sequence[str]) -> int:
    if len(argv) != 4:
        print(USAGE, file=sys.stderr)
        return 2
    base_file, ours_file, theirs_file, name = argv
    try:
        versions = [Path(file).read_bytes() for file in (base_file, ours_file, theirs_file)]
        content = merged_version(name, *versions)
    except (StoreError, OSError) as error:
        print(f"planner: cannot merge {name}: {error}", file=sys.stderr)
        return 1
    Path(ours_file).write_bytes(content)  # git's own temporary copy: it takes it from there
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
