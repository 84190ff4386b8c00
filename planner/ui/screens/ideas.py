"""The ideas screen (`i` on the checklist): the backlog and the pipeline by stage, from idea
to drafting, scheduled and published (planner.core.ideas has the rules), and keys to move
the idea under the cursor on: `n` new, `d` draft, `s` schedule (asks the day, then the
channel), `p` publish (asks the URL, optional), `delete` drop. Dropped ideas leave the
list (`planner idea list --stage dropped` shows them). Every change is written at once;
the checklist's undo (`u`) takes it back."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Label, Static

from planner.core.dates import DATE_FORMS, DateError, parse_day
from planner.core.ideas import Idea, Stage, drop, publish, schedule, url_problem
from planner.core.model import one_line
from planner.errors import PlannerError
from planner.session.work import Session
from planner.ui.screens.prompt import TextPrompt
from planner.ui.widgets.lists import ListTable

COLUMNS = ("Stage", "Day", "Channel", "Title", "URL")
SHOWN = (Stage.IDEA, Stage.DRAFTING, Stage.SCHEDULED, Stage.PUBLISHED)
STAGE_NAMES = {Stage.IDEA: "backlog", Stage.DRAFTING: "drafting"}


def _binding(key: str, action: str, description: str, tooltip: str) -> Binding:
    return Binding(key, action, description, id=f"ideas-{action}", tooltip=tooltip)


class IdeasScreen(Screen[None]):
    """Lists the live ideas; every key writes at once and the list is read again."""

    DEFAULT_CSS = """
    #ideas-title, #ideas-counts {
        height: 1;
        padding: 0 1;
        background: $panel;
    }
    #ideas-table {
        height: 1fr;
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        _binding("n", "new", "New", "A new idea for the backlog (asks its title)"),
        _binding("d", "draft", "Draft", "Start drafting it (a scheduled one: off the calendar)"),
        _binding("s", "schedule", "Schedule", "Put it on a day (asks the day and the channel)"),
        _binding("p", "publish", "Publish", "Mark it published (asks the URL, optional)"),
        _binding("delete", "drop", "Drop", "Give it up (it stays listed as dropped)"),
        # As on every screen but the checklist: escape or q goes back (q does not quit).
        Binding(
            "escape,q", "back", "Back", id="ideas-back", tooltip="Back to the checklist", show=False
        ),
    ]

    def __init__(self, session: Session) -> None:
        super().__init__()
        self.session = session
        self.ideas: list[Idea] = []

    def compose(self) -> ComposeResult:
        yield Label("[b]Ideas[/]: the backlog and the pipeline, by stage", id="ideas-title")
        yield Static(id="ideas-counts")
        table: DataTable[str | Text] = ListTable(id="ideas-table", cursor_type="row")
        yield table
        yield Footer()

    @property
    def table(self) -> DataTable[str | Text]:
        return self.query_one("#ideas-table", DataTable)

    def on_mount(self) -> None:
        self.table.add_columns(*COLUMNS)
        self.reload()
        self.table.focus()

    def reload(self, select: str | None = None) -> None:
        """Read the ideas again; the cursor on ``select`` (an id) or where it was."""
        current = self.current()
        wanted = select or (current.id if current else None)
        row = self.table.cursor_row
        try:
            self.ideas = self.session.ideas_in()
        except PlannerError as error:
            self.ideas = []
            self.notify(str(error), title="Cannot read the ideas", severity="error", timeout=10)
        table = self.table
        table.clear()
        for idea in self.ideas:
            table.add_row(*self.cells(idea), key=idea.id)
        ids = [idea.id for idea in self.ideas]
        if wanted in ids:
            table.move_cursor(row=ids.index(wanted))
        elif ids:
            table.move_cursor(row=min(row, len(ids) - 1))
        counts = [
            f"{STAGE_NAMES.get(stage, stage.value)} {sum(i.stage is stage for i in self.ideas)}"
            for stage in SHOWN
        ]
        empty = "" if self.ideas else " · n adds the first idea"
        self.query_one("#ideas-counts", Static).update(" · ".join(counts) + empty)

    def cells(self, idea: Idea) -> tuple[str | Text, ...]:
        day = day_label(idea.on)
        late = idea.stage is Stage.SCHEDULED and idea.on and idea.on < self.session.today()
        stage = Text(STAGE_NAMES.get(idea.stage, idea.stage.value))
        if idea.stage is Stage.PUBLISHED:
            stage.stylize("dim")
        return (
            stage,
            Text(day, style="bold" if late else ""),
            idea.channel or "",
            idea.title,
            idea.url or "",
        )

    def current(self) -> Idea | None:
        if not self.ideas or not self.is_mounted:
            return None
        row = self.table.cursor_row
        return self.ideas[row] if 0 <= row < len(self.ideas) else None

    # --- actions ---------------------------------------------------------------------

    def _chosen(self, rule: Callable[[Idea], object] | None = None) -> Idea | None:
        """The idea under the cursor, if ``rule`` (a pure move of planner.core.ideas, tried
        before anything is asked) lets it move; None, with the reason said, otherwise."""
        idea = self.current()
        if idea is None:
            self.notify("No idea here: n adds one.", severity="warning")
            return None
        try:
            if rule is not None:
                rule(idea)
        except PlannerError as error:
            self.notify(str(error), severity="warning", timeout=10)
            return None
        return idea

    def _move(self, idea: Idea, work: Callable[[str], Idea], said: str) -> None:
        """``work`` on ``idea`` (by its id); the list read again, what was done said (or
        why it was not)."""
        try:
            moved = work(idea.id)
        except PlannerError as error:
            self.notify(str(error), severity="warning", timeout=10)
            return
        self.notify(said.format(title=moved.title, on=day_label(moved.on)))
        self.reload(select=moved.id)

    def _ask(
        self,
        question: str,
        then: Callable[[str], None],
        value: str = "",
        check: Callable[[str], str | None] | None = None,
    ) -> None:
        def answered(text: str | None) -> None:
            if text is not None:
                then(text)

        self.app.push_screen(TextPrompt(question, value=value, validate=check), answered)

    def action_new(self) -> None:
        def add(title: str) -> None:
            try:
                idea = self.session.add_idea(title)
            except PlannerError as error:
                self.notify(str(error), title="Not added", severity="error", timeout=10)
                return
            self.notify(f"Added “{idea.title}” to the backlog.")
            self.reload(select=idea.id)

        def blank(text: str) -> str | None:
            return None if one_line(text) else "Say what the piece is about (escape: cancel)."

        self._ask("New idea (its title):", add, check=blank)

    def action_draft(self) -> None:
        if idea := self._chosen():
            self._move(idea, self.session.draft_idea, "Drafting “{title}”.")

    def action_schedule(self) -> None:
        today = self.session.today()
        idea = self._chosen(lambda idea: schedule(idea, today))
        if idea is None:
            return

        def problem(text: str) -> str | None:
            try:
                parse_day(text, today)
            except DateError as error:
                return str(error)
            return None

        def ask_channel(text: str) -> None:
            on = parse_day(text, today)

            def save(channel: str) -> None:
                name = one_line(channel).removeprefix("@").strip() or None
                self._move(
                    idea,
                    lambda idea_id: self.session.schedule_idea(idea_id, on, name),
                    "Scheduled “{title}” for {on}.",
                )

            question = f"Channel of “{idea.title}” (optional, e.g. LinkedIn):"
            self._ask(question, save, value=idea.channel or "")

        shown = idea.on or today + timedelta(days=1)
        question = f"Schedule “{idea.title}” for which day? ({DATE_FORMS})"
        self._ask(question, ask_channel, value=shown.isoformat(), check=problem)

    def action_publish(self) -> None:
        today = self.session.today()
        idea = self._chosen(lambda idea: publish(idea, today, "", "-"))
        if idea is None:
            return

        def save(url: str) -> None:
            self._move(
                idea,
                lambda idea_id: self.session.publish_idea(idea_id, url or None),
                "Published “{title}” ({on}).",
            )

        question = f"Published “{idea.title}”? Its URL (optional: enter to leave it out):"
        self._ask(question, save, value=idea.url or "", check=url_problem)

    def action_drop(self) -> None:
        if idea := self._chosen(drop):
            said = "Dropped “{title}” (u on the checklist takes it back)."
            self._move(idea, self.session.drop_idea, said)

    def action_back(self) -> None:
        self.dismiss(None)


def day_label(day: date | None) -> str:
    return f"{day:%a %d %b}" if day else ""
