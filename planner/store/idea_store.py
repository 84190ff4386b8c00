"""The content pipeline on disk: ``<data>/ideas.json``, one record an idea by its id,
written atomically under the lock of the days tree (as the dated items are).

The file is ``{"format": "planner-ideas", "version": 1, "ideas": {id: record}}``; a record
holds the idea's fields (``planner.core.ideas.Idea``) with ``updated_at`` and, for one taken
back, ``removed_at`` (a tombstone, so that a merge cannot bring it back). Every record is
checked field by field, and a file planner cannot trust (another format, a newer version, a
record that does not fit) is refused by name, never written over.
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager
from datetime import date
from pathlib import Path
from typing import Any

from planner.core.dates import FIRST_DAY, LAST_DAY
from planner.core.ideas import STAGES, Idea, Stage
from planner.errors import PlannerError
from planner.store.day_check import RecordError
from planner.store.day_fit import stamp_fits, text_fits
from planner.store.envelope import Envelope

IDEAS_FILE = "ideas.json"
IDEAS_FORMAT = "planner-ideas"
IDEAS_VERSION = 1  # version 1 is the first: a newer file is refused, never read in part
IDEAS = Envelope(IDEAS_FORMAT, IDEAS_VERSION, "ideas", "idea")

_TEXTS = ("channel", "url")  # text or null
_STAMPS = ("created_at", "updated_at", "published_at", "removed_at")  # a stamp or null


class UnknownIdea(PlannerError, LookupError):
    """An idea id that no live idea has."""


def idea_as_record(idea: Idea) -> dict[str, Any]:
    record: dict[str, Any] = {
        "id": idea.id,
        "title": idea.title,
        "stage": idea.stage.value,
        "channel": idea.channel,
        "on": idea.on.isoformat() if idea.on else None,
        "url": idea.url,
        "created_at": idea.created_at,
        "updated_at": idea.updated_at,
        "published_at": idea.published_at,
    }
    if idea.removed_at is not None:
        record["removed_at"] = idea.removed_at
    return record


def idea_from_record(record: Any, where: str) -> Idea:
    """RecordError naming ``where`` (the idea) and the field when ``record`` is unusable."""
    check_idea_record(record, where)
    on = record.get("on")
    return Idea(
        id=record["id"],
        title=record["title"],
        stage=Stage(record["stage"]),
        channel=record.get("channel"),
        on=date.fromisoformat(on) if on else None,
        url=record.get("url"),
        created_at=record.get("created_at"),
        updated_at=record.get("updated_at"),
        published_at=record.get("published_at"),
        removed_at=record.get("removed_at"),
    )


def check_idea_record(record: Any, where: str) -> None:
    """What a record must hold to make an idea; fields it does not know are left alone
    (a later minor version may add some)."""
    if not isinstance(record, dict):
        raise RecordError(f"{where}: an idea must be a record, not {type(record).__name__}")

    def bad(field: str, what: str) -> RecordError:
        return RecordError(f"{where}, field {field!r}: {record.get(field)!r} is not {what}")

    for field in ("id", "title"):
        value = record.get(field)
        if not isinstance(value, str) or not value.strip() or not text_fits(value):
            raise bad(field, "text")
    if record.get("stage") not in STAGES:
        raise bad("stage", f"one of {', '.join(STAGES)}")
    for field in _TEXTS:
        if not text_fits(record.get(field)):
            raise bad(field, "text")
    for field in _STAMPS:
        if not stamp_fits(record.get(field)):
            raise bad(field, "a time stamp (like 2026-11-24T09:30:00+00:00)")
    on = record.get("on")
    if on is not None and not _is_day(on):
        raise bad("on", f"a date YYYY-MM-DD from {FIRST_DAY} to {LAST_DAY}")
    if on is None and record["stage"] in (Stage.SCHEDULED, Stage.PUBLISHED):
        raise RecordError(f"{where}: a {record['stage']} piece needs its day ('on')")


def _is_day(value: object) -> bool:
    if not isinstance(value, str):
        return False
    try:
        return FIRST_DAY <= date.fromisoformat(value) <= LAST_DAY
    except ValueError:
        return False


def newest(first: Idea, second: Idea) -> Idea:
    """The later-stamped of two versions of an idea (the merge's rule)."""
    from planner.store.merge import newer  # the sync's and the import's: not at start-up

    return newer(first, second, lambda idea: idea.stamp, idea_as_record)


class IdeaStore:
    """The ideas of one data dir; ``locked`` is the days tree's lock (``Store.locked``)."""

    def __init__(self, home: Path, locked: Callable[[], AbstractContextManager[None]]) -> None:
        self.path = home / IDEAS_FILE
        self.locked = locked

    def all_ideas(self) -> dict[str, Idea]:
        """Every idea, tombstones included."""
        return read_ideas(self.path)

    def live_ideas(self) -> list[Idea]:
        """The ideas not taken back (dropped ones too), by when they were added."""
        ideas = [idea for idea in self.all_ideas().values() if idea.live]
        return sorted(ideas, key=lambda idea: (idea.created_at or "", idea.id))

    def idea(self, idea_id: str) -> Idea:
        found = self.all_ideas().get(idea_id)
        if found is None or not found.live:
            raise UnknownIdea(f"no idea {idea_id!r}: `planner idea list` shows the ideas")
        return found

    def put(self, idea: Idea) -> Idea:
        """Store ``idea`` (new, changed, or a tombstone)."""
        with self.locked():
            records = {key: idea_as_record(value) for key, value in self.all_ideas().items()}
            records[idea.id] = idea_as_record(idea)
            write_ideas(self.path, records)
        return idea

    def change(self, idea_id: str, change: Callable[[Idea], Idea]) -> Idea:
        """Apply ``change`` to the live idea as it is on disk now, and store the result."""
        with self.locked():
            return self.put(change(self.idea(idea_id)))


def read_ideas(path: Path) -> dict[str, Idea]:
    """The records of the ideas file (none when it does not exist); StoreError naming the
    file, the idea and the field for anything planner cannot trust."""
    return IDEAS.read(path, idea_from_record, lambda idea: idea.id)


def write_ideas(path: Path, records: dict[str, dict[str, Any]]) -> None:
    IDEAS.write(path, records)
