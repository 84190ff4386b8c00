"""Saving a wrap-up onto the day as it is now: a three-way merge, never a replacement.

The dialog opened with ``base`` (the day's wrap-up then) and the user turned it into
``mine``; meanwhile another window or `planner win` may have changed the stored day. Only
what the dialog changed is applied:

- a win or loss typed anew is added; one deleted from the box is removed (a tombstone,
  ``Outcome.removed_at``); items added elsewhere meanwhile stay;
- what worked, the note and each goal measurement are saved only when the dialog changed
  them. If the stored value changed too, to something else, that field is left as stored
  and reported as a ``Conflict`` for the dialog to show both versions.
"""

from __future__ import annotations

import uuid
from collections.abc import Collection
from dataclasses import dataclass, replace
from datetime import datetime

from planner.core.model import Day, Outcome, WrapUp, outcome_line, parse_outcome_lines
from planner.core.plan import utc_stamp

FIELD_LABELS = {"worked": "What worked", "wrap_note": "Note"}


@dataclass(frozen=True)
class Conflict:
    """A field both the dialog and someone else changed: ``theirs`` is stored, ``mine`` is
    what the dialog had. ``key`` is "worked", "wrap_note" or "measurements.<unit>"."""

    key: str
    theirs: str
    mine: str

    @property
    def label(self) -> str:
        return FIELD_LABELS.get(self.key) or self.key.removeprefix("measurements.")


def matched_outcomes(
    text: str,
    known: tuple[Outcome, ...],
    channels: Collection[str] = (),
    kinds: Collection[str] = (),
    strategies: Collection[str] = (),
) -> tuple[Outcome, ...]:
    """The wins (or losses) typed in one box, one a line: a line that still says what a
    ``known`` item of that box says is that item (its id, time and stamp kept), each item
    matched once, in order (two wins alike stay two); any other line is a new item, tagged
    by the rule of ``split_channel_tag`` with the ``channels`` it knows by name, and of
    ``split_kind`` with the ``kinds`` the template declares for the box, and of
    ``split_strategy`` with its ``strategies`` (ids)."""
    unused = list(known)
    found = []
    for typed in parse_outcome_lines(text, known=channels, kinds=kinds, strategies=strategies):
        line = outcome_line(typed)
        match = next((item for item in unused if outcome_line(item) == line), None)
        if match is None:
            found.append(typed)
        else:
            unused.remove(match)
            found.append(match)
    return tuple(found)


def new_outcome_id(kind: str) -> str:
    """A fresh id for a win or loss ("win-3f2a…"): random, so two machines never collide."""
    return f"{kind}-{uuid.uuid4().hex[:12]}"


def merge_wrap_up(day: Day, base: WrapUp, mine: WrapUp, now: datetime) -> list[Conflict]:
    """Apply to ``day`` (as stored now, changed in place) what turned ``base`` into
    ``mine``; the fields left alone because they changed elsewhere too."""
    stamp = utc_stamp(now)
    day.wins, day.removed_wins = _merge_items(
        "win", day.wins, day.removed_wins, base.wins, mine.wins, stamp
    )
    day.losses, day.removed_losses = _merge_items(
        "loss", day.losses, day.removed_losses, base.losses, mine.losses, stamp
    )
    conflicts: list[Conflict] = []
    for key, old, new in (
        ("worked", base.worked, mine.worked),
        ("wrap_note", base.note, mine.note),
    ):
        old, new, theirs = old.strip(), new.strip(), getattr(day, key)
        if new == old or theirs == new:
            continue
        if theirs == old:
            setattr(day, key, new)
        else:
            conflicts.append(Conflict(key, theirs, new))
    for unit in sorted({*base.measurements, *mine.measurements}):
        old_value, new_value = base.measurements.get(unit), mine.measurements.get(unit)
        stored = day.measurements.get(unit)
        if new_value == old_value or stored == new_value:
            continue
        if stored == old_value:
            if new_value is None:
                day.measurements.pop(unit, None)
            else:
                day.measurements[unit] = new_value
        else:
            key = f"measurements.{unit}"
            conflicts.append(Conflict(key, _number(stored), _number(new_value)))
    return conflicts


def _merge_items(
    kind: str,
    live: list[Outcome],
    removed: list[Outcome],
    base: tuple[Outcome, ...],
    mine: tuple[Outcome, ...],
    stamp: str,
) -> tuple[list[Outcome], list[Outcome]]:
    kept = {outcome.id for outcome in mine if outcome.id}
    gone = {outcome.id for outcome in base if outcome.id and outcome.id not in kept}
    still = [outcome for outcome in live if outcome.id not in gone]
    taken = [replace(o, removed_at=stamp) for o in live if o.id in gone]
    added = [
        replace(outcome, id=new_outcome_id(kind), at=outcome.at or stamp)
        for outcome in mine
        if not outcome.id
    ]
    return still + added, removed + taken


def with_both_versions(stored: WrapUp, conflicts: list[Conflict]) -> tuple[WrapUp, str]:
    """The wrap-up to show again after ``conflicts``: each text field holds the stored
    version, then the dialog's; and the notice saying so (a number shows the stored one, the
    notice the dialog's)."""
    worked, note = stored.worked, stored.note
    mine_numbers = []
    for conflict in conflicts:
        if conflict.key == "worked":
            worked = f"{conflict.theirs}\n\n{conflict.mine}"
        elif conflict.key == "wrap_note":
            note = f"{conflict.theirs} / {conflict.mine}"
        else:
            mine_numbers.append(f"{conflict.label}: yours was {conflict.mine or 'blank'}")
    labels = ", ".join(conflict.label for conflict in conflicts)
    notice = (
        f"Changed elsewhere while you wrote: {labels}. Nothing of it was overwritten: the "
        "boxes hold the other version, then yours. Keep what you want and save."
    )
    if mine_numbers:
        notice += " " + "; ".join(mine_numbers) + "."
    return replace(stored, worked=worked, note=note), notice


def _number(value: float | None) -> str:
    return "" if value is None else f"{value:g}"
