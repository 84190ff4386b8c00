"""The command palette (ctrl+p): every key binding as a command, going to a date, jumping to
a task by name, and themes picked with a live preview and remembered.

Commands are generated from the bindings of the screen and the app, so a binding added to a
screen shows up here (with its current key, keymap included) without any work in this module.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from datetime import date
from functools import partial
from typing import Any, Protocol, cast

from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.command import CommandPalette, DiscoveryHit, Hit, Hits, Provider
from textual.dom import DOMNode
from textual.screen import Screen

from planner.core.dates import DateError, parse_day
from planner.core.model import WEEKDAYS
from planner.errors import PlannerError
from planner.session.work import Session
from planner.templates.library import available_templates
from planner.ui.screens.prompt import TextPrompt
from planner.ui.screens.today import TodayScreen

# Opening the palette from the palette makes no sense; Textual lists its own quit command;
# remote sync has a command of its own ("Sync now (remote)"), there with or without a remote.
NOT_COMMANDS = frozenset({"command_palette", "quit", "remote_sync"})

DATE_QUESTION = "Go to date (2026-11-20, today, yesterday, tomorrow, -3 for three days ago):"


class PlannerLike(Protocol):
    """What the palette needs from the app (kept as a protocol: the app imports this module)."""

    @property
    def session(self) -> Session: ...

    @property
    def theme_picker(self) -> ThemePicker: ...

    def sync_remote_now(self) -> None: ...


def key_names(app: App[Any], bindings: Iterable[Binding]) -> str:
    """The keys of bindings as the footer shows them, e.g. ``+ =``."""
    return " ".join(dict.fromkeys(app.get_key_display(binding) for binding in bindings))


def screen_bindings(screen: Screen[Any]) -> list[tuple[DOMNode, list[Binding]]]:
    """The enabled bindings of ``screen`` and of the app, keymap applied, each action once
    with all of its keys (a focused widget's own keys, such as cursor moves, are left out)."""
    grouped: dict[tuple[int, str], tuple[DOMNode, list[Binding]]] = {}
    for active in screen.active_bindings.values():
        if active.node not in (screen, screen.app) or not active.enabled:
            continue
        key = (id(active.node), active.binding.action)
        grouped.setdefault(key, (active.node, []))[1].append(active.binding)
    return list(grouped.values())


def binding_commands(app: App[Any], screen: Screen[Any]) -> Iterator[SystemCommand]:
    """One command per planner binding with a description: "Description (key)", tooltip as
    help. The bindings Textual adds (no id: Focus Next/Previous, Copy selected text) are
    not planner's commands; every planner binding has an id (tests/test_look.py)."""
    for node, bindings in screen_bindings(screen):
        ours = [binding for binding in bindings if binding.id]
        if not ours:
            continue
        first = ours[0]
        if not first.description or first.action in NOT_COMMANDS:
            continue
        title = f"{first.description} ({key_names(app, bindings)})"
        help_text = first.tooltip or first.description
        yield SystemCommand(title, help_text, partial(app.run_action, first.action, node))


def system_commands(
    app: App[Any], screen: Screen[Any], system: Iterable[SystemCommand]
) -> Iterator[SystemCommand]:
    """Textual's system commands, but its "Keys" (Textual's help panel): planner's `?`
    help is "Keys (?)" among the bindings, or "Keys" where `?` is not active (a dialog)."""
    helped = any(b.action == "help" for _, bindings in screen_bindings(screen) for b in bindings)
    for command in system:
        if command.title != "Keys":
            yield command
        elif not helped:
            help_text = "Every key of this screen, and what it does"
            yield SystemCommand("Keys", help_text, partial(app.run_action, "app.help"))


def planner_commands(
    app: App[Any], screen: Screen[Any], system: Iterable[SystemCommand]
) -> Iterator[SystemCommand]:
    """Textual's system commands, the bindings as commands, "Go to date…", "Switch
    template…" and "Sync now (remote)"."""
    yield from system_commands(app, screen, system)
    yield from binding_commands(app, screen)
    yield SystemCommand(
        "Go to date…",
        "Open another day: past days can be filled in, future days show their plan",
        partial(ask_date, app),
    )
    yield SystemCommand(
        "Switch template…",
        "Choose the default template (today keeps its tasks; S syncs it)",
        partial(open_template_switcher, app),
    )
    yield SystemCommand(
        "Sync now (remote)",
        "remote sync: send and fetch the days now (needs `planner remote add URL` once)",
        cast(PlannerLike, app).sync_remote_now,
    )
    if isinstance(screen, TodayScreen):
        # What `u` would take back, latest first: the window's undo history of this day.
        for number, label in enumerate(screen.session.history.labels(screen.date), 1):
            yield SystemCommand(
                f"Undo history {number}: {label}",
                "u takes the latest back first" if number == 1 else "taken back after those above",
                partial(app.run_action, "undo", screen),
            )
    first = app.screen_stack[0]
    if isinstance(screen, TodayScreen) and screen is not first and isinstance(first, TodayScreen):
        yield SystemCommand(
            f"Back to {first.date:%a %d %b}",
            "Back to the day planner opened on",
            partial(back_to_first, app),
        )


def own_bindings(node: DOMNode) -> list[Binding]:
    """The bindings a node's classes declare (as Textual merges them), before any keymap."""
    found: list[Binding] = []
    for cls in reversed(type(node).__mro__):
        for binding in cls.__dict__.get("BINDINGS", []):
            found.extend(Binding.make_bindings([binding]))
    return found


def keymap_clashes(keymap: dict[str, str], nodes: Iterable[DOMNode]) -> list[str]:
    """Keys the keymap gives to a binding while another binding of the same node keeps
    them: Textual then drops the other one's key without a word, so say which."""
    clashes = []
    for node in nodes:
        bindings = own_bindings(node)
        for binding in bindings:
            if binding.id not in keymap:
                continue
            # Unrolled like Textual does it, so "?" and "question_mark" are one key.
            keys = {b.key for b in Binding.make_bindings([Binding(keymap[binding.id], "_")])}
            for key in sorted(keys):
                for other in bindings:
                    kept = other.id not in keymap and other.key == key
                    if kept and other.id != binding.id:
                        clashes.append(
                            f"{key} was {other.description or other.action} ({other.id}), "
                            f"the keymap gives it to {binding.id}"
                        )
    return list(dict.fromkeys(clashes))


# --- go to a date ------------------------------------------------------------------------


def ask_date(app: App[Any]) -> None:
    session = cast(PlannerLike, app).session

    def validate(text: str) -> str | None:
        """What is wrong with the date typed, said under the field."""
        if not text.strip():
            return None  # a blank date closes the dialog
        try:
            parse_day(text, session.today())
        except DateError as error:
            return str(error)
        return None

    def answered(text: str | None) -> None:
        if text is not None and text.strip():
            open_day(app, session, parse_day(text, session.today()))

    prompt = TextPrompt(DATE_QUESTION, placeholder="YYYY-MM-DD", validate=validate)
    app.push_screen(prompt, answered)


def open_day(app: App[Any], session: Session, day: date) -> None:
    """Show ``day``: over the first screen (the day planner opened on), in place of a day
    opened this way before; the first screen's own day is that screen again."""
    base = app.screen_stack[0]
    if isinstance(base, TodayScreen) and base.date == day:
        back_to_first(app)
    elif isinstance(app.screen, TodayScreen) and app.screen is not base:
        app.switch_screen(TodayScreen(session, day))
    else:
        app.push_screen(TodayScreen(session, day))


def back_to_first(app: App[Any]) -> None:
    while len(app.screen_stack) > 1:
        app.pop_screen()


# --- jump to a task ------------------------------------------------------------------------


class TaskProvider(Provider):
    """Tasks of the day on screen, by title: choosing one moves the checklist cursor to it."""

    async def search(self, query: str) -> Hits:
        screen = self.screen
        if not isinstance(screen, TodayScreen) or not query.strip():
            return
        matcher = self.matcher(query)
        for task in screen.day.tasks:
            score = matcher.match(task.title)
            if score > 0:
                yield Hit(
                    score,
                    matcher.highlight(task.title),
                    partial(jump_to_task, screen, task.id),
                    text=task.title,
                    help=f"Go to this task ({task.rung.label})",
                )


def jump_to_task(screen: TodayScreen, task_id: str) -> None:
    screen.checklist.move_to(task_id)
    screen.checklist.focus()


# --- templates -----------------------------------------------------------------------------


def open_template_switcher(app: App[Any]) -> None:
    # Run from the palette, whose own closing is still under way: push after it is gone.
    app.call_after_refresh(
        app.push_screen,
        CommandPalette(providers=[TemplateProvider], placeholder="Search for templates…"),
    )


class TemplateProvider(Provider):
    """The shipped and the user's templates; choosing one makes it the default."""

    def _templates(self) -> list[tuple[str, str, Callable[[], None]]]:
        session = cast(PlannerLike, self.app).session
        return [
            (name, "yours" if is_user else "shipped", partial(switch_template, self.app, name))
            for name, _, is_user in available_templates(session.paths.template_dir)
        ]

    async def discover(self) -> Hits:
        for name, origin, choose in self._templates():
            yield DiscoveryHit(name, choose, text=name, help=origin)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for name, origin, choose in self._templates():
            if (score := matcher.match(name)) > 0:
                yield Hit(score, matcher.highlight(name), choose, text=name, help=origin)


def switch_template(app: App[Any], name: str) -> None:
    """Make ``name`` the default template; the day on screen keeps its tasks until synced."""
    session = cast(PlannerLike, app).session
    try:
        session.update_setting("default_template", name)
    except (PlannerError, OSError) as error:
        app.notify(str(error), title="Template not switched", severity="error", timeout=10)
        return
    scheduled = session.settings.schedule.get(WEEKDAYS[session.today().weekday()])
    today = f"today follows the schedule ({scheduled})" if scheduled else "S syncs today with it"
    app.notify(f"'{name}' is the default template; {today}.", title="Template switched")


# --- themes --------------------------------------------------------------------------------


class ThemeProvider(Provider):
    """Every registered theme; choosing one applies and remembers it."""

    def _themes(self) -> list[tuple[str, Callable[[], None]]]:
        picker = cast(PlannerLike, self.app).theme_picker
        return [(name, partial(picker.choose, name)) for name in sorted(self.app.available_themes)]

    async def discover(self) -> Hits:
        # The palette highlights (and so previews) its first line: the theme in use goes
        # first, then the others in alphabetical order.
        current = cast(PlannerLike, self.app).theme_picker.before or self.app.theme
        themes = sorted(self._themes(), key=lambda theme: theme[0] != current)
        for name, choose in themes:
            yield DiscoveryHit(name, choose, text=name, help="in use" if name == current else None)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for name, choose in self._themes():
            if (score := matcher.match(name)) > 0:
                yield Hit(score, matcher.highlight(name), choose, text=name)


class ThemePicker:
    """The theme palette: a highlighted theme is shown at once (a preview, not remembered);
    escape brings the theme back that was there before; choosing one remembers it through
    ``remember``. Themes set any other way (``--theme``, the settings) are not saved."""

    def __init__(self, app: App[Any], remember: Callable[[str], None]) -> None:
        self.app = app
        self.remember = remember
        self.before: str | None = None  # the theme to go back to while the palette is open

    @property
    def previewing(self) -> bool:
        return self.before is not None

    def open(self) -> None:
        # Run from the palette, whose own closing is still under way: push after it is gone.
        self.app.call_after_refresh(self._push)

    def _push(self) -> None:
        self.before = self.app.theme
        self.app.push_screen(
            CommandPalette(providers=[ThemeProvider], placeholder="Search for themes…")
        )

    def highlighted(self, event: CommandPalette.OptionHighlighted) -> None:
        hit = getattr(event.highlighted_event.option, "hit", None)
        name = getattr(hit, "text", None)
        if self.previewing and name in self.app.available_themes:
            self.app.theme = name

    def closed(self, event: CommandPalette.Closed) -> None:
        if self.before is not None and not event.option_selected:
            self.app.theme = self.before
        self.before = None

    def choose(self, name: str) -> None:
        self.before = None
        self.app.theme = name
        self.remember(name)
