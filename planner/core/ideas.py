"""The content pipeline: ideas that become pieces on the create rung. Plain data and pure
functions; ``planner.store.idea_store`` keeps them, ``planner.session.ideas`` changes them.

An idea moves ``idea → drafting → scheduled → published``, or is dropped:

- ``draft``: an idea starts drafting; a scheduled piece goes back to drafting, off the
  calendar (its date is forgotten).
- ``schedule``: an idea or a draft gets a day (and a channel, optional); scheduling a
  scheduled piece again moves it to the new day.
- ``publish``: a scheduled piece is published, with a URL (optional). It keeps its day if
  that has come, else it was published early: today. A published piece takes a URL later
  the same way (``publish`` again with one).
- ``drop``: from any stage; a dropped idea stays listed (``--stage dropped``) and nothing
  moves it on.

Anything else is refused with a ``StageError`` that says why and what to do. A piece
scheduled or published shows on its day's checklist as a one-off task of the create rung
(``piece_tasks``): done when published; space marks it published.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date
from enum import StrEnum

from planner.core.ladder import Rung
from planner.core.model import Status, TaskState, one_line
from planner.errors import PlannerError

IDEA_PREFIX = "idea-"
PIECE_RUNG = Rung.CREATE
PIECE_TITLE = "Publish: {title}"  # the title of a piece's task on its day's checklist


class Stage(StrEnum):
    IDEA = "idea"
    DRAFTING = "drafting"
    SCHEDULED = "scheduled"
    PUBLISHED = "published"
    DROPPED = "dropped"


STAGES = tuple(stage.value for stage in Stage)  # in pipeline order, as messages list them
ON_A_DAY = frozenset({Stage.SCHEDULED, Stage.PUBLISHED})  # the stages that have a day


class StageError(PlannerError):
    """A move the pipeline does not make; the message says why and what to do instead."""


def new_idea_id() -> str:
    """A fresh id, the same on every machine once synced: random, never derived."""
    return f"{IDEA_PREFIX}{uuid.uuid4().hex[:12]}"


def is_idea_id(task_id: str) -> bool:
    return task_id.startswith(IDEA_PREFIX)


@dataclass(frozen=True)
class Idea:
    """One idea or piece. ``on`` is its day while scheduled or published (None before);
    ``removed_at`` makes it a tombstone (an add taken back by undo), unlike ``dropped``,
    a stage the user chose and sees."""

    id: str
    title: str
    stage: Stage = Stage.IDEA
    channel: str | None = None
    on: date | None = None
    url: str | None = None
    created_at: str | None = None
    updated_at: str | None = None
    published_at: str | None = None  # when it was marked published (UTC stamp)
    removed_at: str | None = None

    @property
    def live(self) -> bool:
        return self.removed_at is None

    @property
    def stamp(self) -> str | None:
        """When the record last changed (what a merge compares)."""
        return self.removed_at or self.updated_at


def clean_title(title: str) -> str:
    text = " ".join(one_line(title).split())
    if not text:
        raise StageError("an idea needs a title: say what the piece is about")
    return text


def clean_url(url: str | None) -> str | None:
    """The URL as stored: None for none or blank; StageError for one with spaces in it."""
    text = one_line(url or "").strip()
    if not text:
        return None
    problem = url_problem(text)
    if problem:
        raise StageError(problem)
    return text


def url_problem(text: str) -> str | None:
    """What is wrong with a typed URL (blank is fine: none), or None."""
    if any(char.isspace() for char in text.strip()):
        return "a URL has no spaces: paste the piece's address, or leave it blank"
    return None


def make_idea(title: str, stamp: str, channel: str | None = None) -> Idea:
    return Idea(
        id=new_idea_id(),
        title=clean_title(title),
        channel=channel or None,
        created_at=stamp,
        updated_at=stamp,
    )


def _named(idea: Idea) -> str:
    return f"“{idea.title}”"


def _not_dropped(idea: Idea) -> None:
    if idea.stage is Stage.DROPPED:
        raise StageError(f"{_named(idea)} was dropped: nothing moves it on (add it again)")


def draft(idea: Idea) -> Idea:
    """An idea starts drafting; a scheduled piece goes back to drafting, off the calendar."""
    _not_dropped(idea)
    if idea.stage is Stage.DRAFTING:
        raise StageError(f"{_named(idea)} is already being drafted")
    if idea.stage is Stage.PUBLISHED:
        raise StageError(f"{_named(idea)} is published: it does not go back to drafting")
    return replace(idea, stage=Stage.DRAFTING, on=None)


def schedule(idea: Idea, on: date, channel: str | None = None) -> Idea:
    """An idea, draft or scheduled piece on the day ``on`` (and ``channel``, if given)."""
    _not_dropped(idea)
    if idea.stage is Stage.PUBLISHED:
        when = f" on {idea.on.isoformat()}" if idea.on else ""
        raise StageError(f"{_named(idea)} was published{when}: it is not scheduled again")
    return replace(idea, stage=Stage.SCHEDULED, on=on, channel=channel or idea.channel)


def publish(idea: Idea, today: date, stamp: str, url: str | None = None) -> Idea:
    """A scheduled piece published (on its day, or today if that has not come); a
    published one takes the ``url`` given."""
    _not_dropped(idea)
    link = clean_url(url)
    if idea.stage is Stage.PUBLISHED:
        if link is None:
            raise StageError(f"{_named(idea)} is already published (give --url to add its URL)")
        return replace(idea, url=link)
    if idea.stage is not Stage.SCHEDULED or idea.on is None:
        raise StageError(
            f"{_named(idea)} is not scheduled: schedule it for a day first "
            "(a piece is published on a day)"
        )
    on = min(idea.on, today)
    return replace(idea, stage=Stage.PUBLISHED, on=on, url=link or idea.url, published_at=stamp)


def unpublish(idea: Idea) -> Idea:
    """A published piece marked not done again on its day: scheduled, its day kept."""
    if idea.stage is not Stage.PUBLISHED:
        raise StageError(f"{_named(idea)} is not published")
    return replace(idea, stage=Stage.SCHEDULED, published_at=None)


def drop(idea: Idea) -> Idea:
    """Any stage but dropped: the idea is given up (it stays listed as dropped)."""
    if idea.stage is Stage.DROPPED:
        raise StageError(f"{_named(idea)} is already dropped")
    return replace(idea, stage=Stage.DROPPED)


# --- pieces on the checklist ------------------------------------------------------------


def piece_task(idea: Idea) -> TaskState:
    """The task a scheduled or published piece is on its day: create rung, one-off, done
    once published; its id is the idea's."""
    published = idea.stage is Stage.PUBLISHED
    return TaskState(
        id=idea.id,
        title=PIECE_TITLE.format(title=idea.title),
        rung=PIECE_RUNG,
        channel=idea.channel,
        status=Status.DONE if published else Status.OPEN,
        done_at=idea.published_at if published else None,
        updated_at=idea.updated_at,
        one_off=True,
    )


def piece_tasks(ideas: Iterable[Idea], day: date) -> list[TaskState]:
    """The tasks the pieces scheduled or published on ``day`` add to its view."""
    return [
        piece_task(idea)
        for idea in ideas
        if idea.live and idea.stage in ON_A_DAY and idea.on == day
    ]


def pipeline(ideas: Iterable[Idea], stage: Stage | None = None) -> list[Idea]:
    """The live ideas of ``stage`` (None: every stage but dropped), by stage in pipeline
    order, then by day (scheduled and published) and by when they were added."""
    order = {value: n for n, value in enumerate(Stage)}
    chosen = [
        idea
        for idea in ideas
        if idea.live and (idea.stage is stage if stage else idea.stage is not Stage.DROPPED)
    ]
    return sorted(
        chosen,
        key=lambda idea: (
            order[idea.stage],
            idea.on or date.min,
            idea.created_at or "",
            idea.id,
        ),
    )
