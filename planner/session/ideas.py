"""The content pipeline for the session: ideas moved on (`planner idea`, the ideas screen),
each change stamped and remembered for undo; a day's view takes in the pieces scheduled or
published on it (``planner.core.ideas.piece_tasks``), and a checklist change to one (space,
`planner done`) publishes it or takes that back, in the idea store, never the day file."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import date, datetime
from typing import TYPE_CHECKING

from planner.core.ideas import (
    Idea,
    Stage,
    StageError,
    draft,
    drop,
    make_idea,
    piece_task,
    piece_tasks,
    pipeline,
    publish,
    schedule,
    unpublish,
)
from planner.core.items import with_items
from planner.core.model import Day, Status, TaskState
from planner.core.plan import utc_stamp
from planner.session.items import refuse_if_moved
from planner.store.changes import Contents, Step, UndoHistory
from planner.store.idea_store import IdeaStore, idea_as_record, idea_from_record
from planner.store.records import StoreError
from planner.store.stamps import without_stamp

if TYPE_CHECKING:
    from planner.review.pieces import PieceFigures
    from planner.store.days import Store

IDEA_KEY = "idea:"  # an undo step's record key of an idea


def day_with_pieces(day: Day, store: IdeaStore) -> Day:
    """``day`` with the pieces scheduled or published on it, on its create rung (a copy)."""
    if not store.path.exists():  # no idea was ever added: nothing to read
        return day
    extra = piece_tasks(store.live_ideas(), day.date)
    if not extra:
        return day
    return replace(day, tasks=with_items(day.tasks, extra))


def _content(idea: Idea) -> dict[str, object]:
    record = idea_as_record(idea)
    return without_stamp({k: v for k, v in record.items() if k not in ("created_at", "removed_at")})


def idea_step(label: str, before: Idea | None, after: Idea, day: date) -> Step:
    """The undo step of one change to one idea (``before`` None: it was added), kept with
    ``day`` (the checklist's day it was made on, or today)."""
    key = IDEA_KEY + after.id
    was: Contents = {key: None if before is None or not before.live else _content(before)}
    now: Contents = {key: _content(after) if after.live else None}
    return Step(f"{label} · {after.title}", day, was, now)


def is_idea_step(contents: Contents) -> bool:
    return bool(contents) and all(key.startswith(IDEA_KEY) for key in contents)


def restore_ideas(store: IdeaStore, wanted: Contents, expected: Contents, stamp: str) -> None:
    """Put the ideas of ``wanted`` back (None: taken back), if each still holds what
    ``expected`` says; ChangedElsewhere, nothing written, otherwise."""
    with store.locked():
        found = store.all_ideas()
        now = {IDEA_KEY + k: _content(idea) if idea.live else None for k, idea in found.items()}
        titles = [found[k.removeprefix(IDEA_KEY)].title for k in expected if k in now]
        refuse_if_moved(expected, now, titles[0] if titles else "the idea")
        for key, content in wanted.items():
            idea = found[key.removeprefix(IDEA_KEY)]
            if content is None:
                store.put(replace(idea, removed_at=stamp, updated_at=stamp))
                continue
            record = {**content, "created_at": idea.created_at, "updated_at": stamp}
            store.put(idea_from_record(record, key))


class IdeaWork:
    """What a user does with ideas; mixed into the Session (which has these)."""

    ideas: IdeaStore
    store: Store
    now: Callable[[], datetime]
    today: Callable[[], date]
    history: UndoHistory

    def add_idea(self, title: str, channel: str | None = None) -> Idea:
        """A new idea in the backlog (stage ``idea``)."""
        idea = make_idea(title, utc_stamp(self.now()), channel)
        self.ideas.put(idea)
        self.history.remember(idea_step("new idea", None, idea, self.today()))
        return idea

    def change_idea(
        self, idea_id: str, change: Callable[[Idea], Idea], label: str, day: date | None = None
    ) -> Idea:
        """``change`` applied to the idea as it is on disk now, stamped, remembered for
        undo as ``label`` on ``day`` (default today: the checklist's undo takes it back)."""
        stamp = utc_stamp(self.now())
        before: list[Idea] = []

        def stamped(idea: Idea) -> Idea:
            before.append(idea)
            return replace(change(idea), updated_at=stamp)

        after = self.ideas.change(idea_id, stamped)
        self.history.remember(idea_step(label, before[-1], after, day or self.today()))
        return after

    def draft_idea(self, idea_id: str) -> Idea:
        return self.change_idea(idea_id, draft, "draft")

    def schedule_idea(self, idea_id: str, on: date, channel: str | None = None) -> Idea:
        return self.change_idea(idea_id, lambda idea: schedule(idea, on, channel), "schedule")

    def publish_idea(self, idea_id: str, url: str | None = None, day: date | None = None) -> Idea:
        """Published (see core.ideas.publish); ``day``: the checklist's, for its undo."""
        stamp, today = utc_stamp(self.now()), self.today()
        return self.change_idea(
            idea_id, lambda idea: publish(idea, today, stamp, url), "publish", day
        )

    def drop_idea(self, idea_id: str) -> Idea:
        return self.change_idea(idea_id, drop, "drop")

    def ideas_in(self, stage: str | None = None) -> list[Idea]:
        """The live ideas (of ``stage``; None: all but the dropped), in pipeline order."""
        return pipeline(self.ideas.live_ideas(), Stage(stage) if stage else None)

    def change_piece_task(
        self, idea_id: str, change: Callable[[TaskState], TaskState], label: str, day: date
    ) -> TaskState:
        """A checklist change to a piece's task on ``day``: done publishes it (no URL: the
        app asks one first, see publish_idea), open again takes that back. Anything else
        (skip, a note, time) is refused: the ideas screen moves a piece."""
        stamp, today = utc_stamp(self.now()), self.today()

        def changed(idea: Idea) -> Idea:
            was = piece_task(idea)
            now = change(was.copy())
            if now.status is Status.DONE and was.status is not Status.DONE:
                return publish(idea, today, stamp)
            if now.status is Status.OPEN and was.status is Status.DONE:
                return unpublish(idea)
            raise StageError(
                f"“{was.title}” is a piece of the content pipeline: space publishes it; "
                "the ideas screen (i) or `planner idea` reschedules or drops it"
            )

        return piece_task(self.change_idea(idea_id, changed, label, day))

    def piece_review(self) -> tuple[list[PieceFigures], list[str]]:
        """The published pieces with the wins that name them, the re-share candidates
        marked (see planner.review.pieces), and the day files that could not be read."""
        from planner.review.pieces import piece_figures, piece_wins

        if not self.ideas.path.exists():
            return [], []
        try:
            ideas = self.ideas.live_ideas()
        except StoreError as error:  # the review still shows the rest
            return [], [str(error)]
        published = [idea for idea in ideas if idea.stage is Stage.PUBLISHED]
        if not published:
            return [], []
        start = min(idea.on or self.today() for idea in published)
        wins, problems = piece_wins(self.store.days_folder, start, self.today())
        return piece_figures(published, wins, self.today()), problems
