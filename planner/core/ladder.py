"""The six rungs of the marketing ladder: their fixed order, labels and reasons."""

from __future__ import annotations

from enum import StrEnum


class Rung(StrEnum):
    """A rung of the ladder; members are declared in ladder order (highest value first)."""

    LISTEN = "listen"
    READ = "read"
    COMMENT = "comment"
    CREATE = "create"
    COMMUNICATE = "communicate"
    CLOSE = "close"

    @property
    def position(self) -> int:
        """0 for the first rung (listen) up to 5 for the last (close)."""
        return RUNGS.index(self)

    @property
    def label(self) -> str:
        return LABELS[self]

    @property
    def why(self) -> str:
        """One line saying why the rung sits where it does."""
        return WHY[self]


RUNGS: tuple[Rung, ...] = tuple(Rung)

LABELS: dict[Rung, str] = {
    Rung.LISTEN: "Listen",
    Rung.READ: "Read",
    Rung.COMMENT: "Comment / share",
    Rung.CREATE: "Create",
    Rung.COMMUNICATE: "Communicate",
    Rung.CLOSE: "Close",
}

WHY: dict[Rung, str] = {
    Rung.LISTEN: "Hear what your crowd says before you say anything.",
    Rung.READ: "Blogs and news first: know what is being talked about.",
    Rung.COMMENT: "Add to other people's work before asking for attention.",
    Rung.CREATE: "Create only after listening, reading and commenting.",
    Rung.COMMUNICATE: "One to one: email, calls, face to face.",
    Rung.CLOSE: "Follow up on what is already in motion.",
}


def parse_rung(text: str) -> Rung | None:
    """The rung named by ``text`` (case-insensitive; "share" means comment), or None."""
    key = text.strip().lower()
    if key == "share":
        return Rung.COMMENT
    try:
        return Rung(key)
    except ValueError:
        return None
