"""Moving between days on the checklist (issue 16, finding 6): ``[`` and ``]`` the day
before and after, ``.`` back to today, ``escape`` back to where the day came from (the
review for a backfilled day, the checklist a Go to date left), else to today.

One rule for past days everywhere: a past day opens ready to edit, however it was reached,
and says so in the header ("past day"); every change is saved at once and ``u`` takes it
back. A day that has not come yet is its plan: the keys that would change it are hidden (undo
stays: a dated item added to it can be taken back)."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any, Protocol, cast

from textual.app import App

from planner.session.work import Session

# What a day that has not come yet cannot do (Session.worked_day refuses them all): hidden
# from the footer, `?` and the palette there, rather than shown and refused.
NOT_ON_A_PLAN = frozenset(
    {
        "toggle_done",
        "skip",
        "note",
        "count",
        "timer",
        "edit_time",
        "wrap_up",
        "sync",
    }
)


class NavScreen(Protocol):
    """What moving between days needs of the checklist screen."""

    session: Session
    date: date
    follows_today: bool

    @property
    def app(self) -> App[Any]: ...

    def load_day(self, *, keep_cursor: bool = False) -> None: ...

    def refresh_bindings(self) -> None: ...

    def dismiss(self, result: None = None) -> object: ...


def show_date(screen: NavScreen, day: date) -> None:
    """Show ``day`` on this screen, in place: its place in the screens (and so where
    ``escape`` goes back to) stays. Changes still in line keep their own day."""
    screen.date = day
    screen.follows_today = day == screen.session.today()
    screen.load_day()
    screen.refresh_bindings()  # the keys that work depend on the day


def step(screen: NavScreen, days: int) -> None:
    show_date(screen, screen.date + timedelta(days=days))


def is_pushed(screen: NavScreen) -> bool:
    """Opened over another screen (Go to date, the review's backfill), not the first one."""
    stack = screen.app.screen_stack
    return bool(stack) and stack[0] is not cast(object, screen)


def to_today(screen: NavScreen) -> None:
    """``.``: today. When the checklist planner opened on shows today, back to it from
    wherever this is (no second checklist of today stays behind); else here, in place."""
    today = screen.session.today()
    stack = screen.app.screen_stack
    if is_pushed(screen) and getattr(stack[0], "date", None) == today:
        while len(screen.app.screen_stack) > 1:
            screen.app.pop_screen()
    else:
        show_date(screen, today)


def back(screen: NavScreen) -> None:
    """``escape``: back to where the day came from, else (the first checklist, on another
    day) to today."""
    if is_pushed(screen):
        screen.dismiss()  # its opener's callback runs: the review reads the day again
    elif screen.date != screen.session.today():
        show_date(screen, screen.session.today())


def can_go_back(screen: NavScreen) -> bool:
    return is_pushed(screen) or screen.date != screen.session.today()


def works_on_day(screen: NavScreen, action: str) -> bool:
    """Whether ``action`` means something on the day shown (else it is hidden)."""
    if action == "back":
        return can_go_back(screen)
    if action == "edit_template":  # no terminal to suspend into in a browser tab
        return not screen.app.is_web
    if action in NOT_ON_A_PLAN:
        return screen.date <= screen.session.today()
    return True


def help_title(day: date, today: date) -> str:
    """The heading of the checklist's keys in ``?``: the day they work on."""
    if day == today:
        return "Today"
    return f"{day:%a %d %b}" + (" · plan only" if day > today else " · past day")
