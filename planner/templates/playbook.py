"""The playbook: a template written out as a Markdown document a new person could follow
(`planner template doc`, `p` on the templates screen). A pure function of the template and,
optionally, its recent results: no files, no store, no Textual.

Choices made here, beyond the issue's words:

- Every rung of the ladder is written, in ladder order, with the reason for its place, an
  empty one included ("nothing planned"): the order is the method.
- A rung's tasks are a table (minutes, channel, weekdays, target, strategy); a task's notes
  follow the table as "how to do it" lines, as they are too long for a cell.
- The weekly rhythm is a table of the seven weekdays with their planned minutes and the
  tasks that come on some days only; the tasks of every day are named once above it.
- Results (``PlaybookResults``) are made by the caller (``planner.session.playbook``, from
  the review's figures) and only written here.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import PurePath

from planner.core.ladder import RUNGS
from planner.core.model import WEEKDAYS, Goal, Strategy, TaskSpec, Template, weekday_minutes
from planner.core.timebox import minutes_text

DAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


@dataclass(frozen=True)
class ResultRow:
    """A strategy's or a channel's figures over the results' days."""

    name: str
    spent_seconds: int = 0
    done: int = 0
    skipped: int = 0
    wins: int = 0
    losses: int = 0
    no_win: tuple[int, ...] = ()  # look-backs (30, 90 days) with time spent and no win


@dataclass(frozen=True)
class PlaybookResults:
    """The figures of the days made from the template in ``start``..``end``."""

    start: date
    end: date
    days: int  # stored days made from the template in the range
    strategies: tuple[ResultRow, ...] = ()
    channels: tuple[ResultRow, ...] = ()


def render_playbook(template: Template, results: PlaybookResults | None = None) -> str:
    """The template as a Markdown document (see the module docstring)."""
    parts = [
        _title(template),
        _goals(template),
        _strategies(template),
        _ladder(template),
        _rhythm(template),
        _outcomes(template),
    ]
    if results is not None:
        parts.append(_results(results))
    return "\n\n".join(part.rstrip("\n") for part in parts if part) + "\n"


# --- words ------------------------------------------------------------------------------


def cell(text: str) -> str:
    """Text that stays in one table cell: one line, no bare ``|``."""
    return " ".join(text.split()).replace("|", "\\|")


def table(head: Sequence[str], rows: Iterable[Sequence[str]]) -> str:
    lines = ["| " + " | ".join(head) + " |", "|" + "|".join("---" for _ in head) + "|"]
    lines += ["| " + " | ".join(cell(value) for value in row) + " |" for row in rows]
    return "\n".join(lines)


def number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:g}"


def goal_target(goal: Goal) -> str:
    """``3 a week`` (the unit is said beside it)."""
    return f"{number(goal.target)} a {goal.per}"


def days_text(days: tuple[int, ...] | None) -> str:
    """``every day``, ``weekdays``, ``weekend`` or ``Mon, Wed``."""
    chosen = sorted(set(days)) if days is not None else list(range(7))
    if chosen == list(range(7)):
        return "every day"
    if chosen == list(range(5)):
        return "weekdays"
    if chosen == [5, 6]:
        return "weekend"
    if not chosen:
        return "never"
    return ", ".join(WEEKDAYS[index].capitalize() for index in chosen)


def target_text(task: TaskSpec) -> str:
    if task.target is None:
        return ""
    return f"{task.target} {task.unit}" if task.unit else str(task.target)


def minutes_of(minutes: int) -> str:
    return f"{minutes} min"


# --- sections ---------------------------------------------------------------------------


def _title(template: Template) -> str:
    lines = [f"# {template.name}: the playbook", ""]
    if template.description:
        lines += [template.description, ""]
    busiest = template.busiest_day_minutes
    lines.append(
        f"A time box of {minutes_of(template.budget_minutes)} a day "
        f"({minutes_of(busiest)} planned on the busiest day), "
        f"{len(template.tasks)} tasks on the ladder."
    )
    if template.source and not template.source.startswith("embedded:"):
        source = PurePath(template.source).name
        lines.append(f"Written from `{source}` by `planner template doc`.")
    return "\n".join(lines)


def _goals(template: Template) -> str:
    lines = ["## Goals", ""]
    if not template.goals:
        return "\n".join([*lines, "This plan declares no goals."])
    lines.append("What the work is for: the needles to move.")
    lines.append("")
    rows = [(goal.name, goal_target(goal), goal.unit) for goal in template.goals]
    lines.append(table(("Goal", "Target", "Unit"), rows))
    return "\n".join(lines)


def _strategies(template: Template) -> str:
    lines = ["## Strategies", ""]
    if not template.strategies:
        return "\n".join([*lines, "This plan declares no strategies."])
    lines += ["Paths to the goals, not tools: every task names the strategy it serves.", ""]
    goals = {goal.name: goal for goal in template.goals}
    for strategy in template.strategies:
        lines += [f"### {strategy.name}", ""]
        goal = goals.get(strategy.goal or "")
        if goal is not None:
            lines.append(f"- Goal: {goal.name} (target: {goal_target(goal)}, in {goal.unit})")
        elif strategy.goal:
            lines.append(f"- Goal: {strategy.goal}")
        if strategy.why:
            lines.append(f"- Why: {' '.join(strategy.why.split())}")
        tasks = [task.title for task in template.tasks if task.strategy == strategy.id]
        lines.append(f"- Tasks: {', '.join(tasks) if tasks else 'none yet'}")
        lines.append("")
    loose = [task.title for task in template.tasks if template.strategy(task.strategy) is None]
    if loose:
        lines.append(f"Tasks that name no strategy: {', '.join(loose)}.")
    return "\n".join(lines)


def _strategy_name(template: Template, task: TaskSpec) -> str:
    strategy: Strategy | None = template.strategy(task.strategy)
    return strategy.name if strategy is not None else ""


def _ladder(template: Template) -> str:
    lines = [
        "## The daily ladder",
        "",
        "Work down the ladder in this order, rung by rung: each has its place for a reason.",
    ]
    for rung in RUNGS:
        tasks = [task for task in template.tasks if task.rung is rung]
        lines += ["", f"### {rung.position + 1}. {rung.label}", "", f"*{rung.why}*", ""]
        if not tasks:
            lines.append("Nothing planned on this rung.")
            continue
        head = ("Task", "Minutes", "Channel", "Days", "Target", "Strategy")
        rows = [
            (
                task.title,
                str(task.minutes) if task.minutes else "",
                task.channel or "",
                days_text(task.days),
                target_text(task),
                _strategy_name(template, task),
            )
            for task in tasks
        ]
        columns = len(head) if template.strategies else len(head) - 1  # none: no column
        lines.append(table(head[:columns], (row[:columns] for row in rows)))
        notes = [task for task in tasks if task.notes.strip()]
        if notes:
            lines += ["", "How to do it:", ""]
            lines += [f"- *{task.title}*: {' '.join(task.notes.split())}" for task in notes]
    return "\n".join(lines)


def _rhythm(template: Template) -> str:
    lines = ["## The weekly rhythm", ""]
    every_day = [task for task in template.tasks if days_text(task.days) == "every day"]
    some_days = [task for task in template.tasks if task not in every_day]
    minutes = weekday_minutes(template.tasks)
    if not some_days:
        lines.append(
            f"Every day is the same: {len(every_day)} tasks, {minutes_of(minutes[0])} planned."
        )
        return "\n".join(lines)
    if every_day:
        titles = ", ".join(task.title for task in every_day)
        lines += [f"Every day: {titles}.", ""]
    lines += ["The days differ by the tasks that come on some days only:", ""]
    rows = []
    for index, name in enumerate(DAY_NAMES):
        only = [task.title for task in some_days if task.days and index in task.days]
        planned = minutes_of(minutes[index])
        if minutes[index] > template.budget_minutes:
            planned += " (over the time box)"
        rows.append((name, planned, ", ".join(only) or "-"))
    lines.append(table(("Day", "Planned", "Only on some days"), rows))
    return "\n".join(lines)


def _outcomes(template: Template) -> str:
    lines = ["## What counts as a win or a loss", ""]
    outcomes = template.outcomes
    if not outcomes.wins and not outcomes.losses:
        lines.append("This plan declares no kinds: a win or a loss is written in free text.")
    else:
        lines.append(f"- Wins: {', '.join(outcomes.wins) or 'none declared'}")
        lines.append(f"- Losses: {', '.join(outcomes.losses) or 'none declared'}")
        lines.append("- Anything else is recorded with the kind *other*.")
    goals = {goal.unit: goal for goal in template.goals}
    counted = [
        f"- A *{kind}* win adds 1 to {_goal_of(goals, unit)}." for kind, unit in outcomes.counts
    ]
    counted += [
        f"- *{task.title}* counts {task.unit} toward {_goal_of(goals, task.unit)}."
        for task in template.tasks
        if task.unit in goals and task.target is not None
    ]
    if counted:
        lines += ["", "Toward the goals:", "", *counted]
        lines += [
            "",
            "A day's figure for a goal is the number entered at the wrap-up if there is one, "
            "else its counted tasks and wins.",
        ]
    return "\n".join(lines)


def _goal_of(goals: dict[str, Goal], unit: str | None) -> str:
    goal = goals.get(unit or "")
    return f"**{goal.name}** ({unit})" if goal is not None else f"the unit '{unit}'"


def _results(results: PlaybookResults) -> str:
    span = f"{results.start.isoformat()} to {results.end.isoformat()}"
    lines = [f"## Results: {span}", ""]
    if not results.days:
        return "\n".join([*lines, "No stored day was made from this plan in that time."])
    days = "1 stored day was" if results.days == 1 else f"{results.days} stored days were"
    lines.append(f"{days} made from this plan in that time.")
    head = ("Time spent", "Done", "Skipped", "Wins", "Losses", "Note")
    if results.strategies:
        lines += ["", "### Per strategy", ""]
        lines.append(table(("Strategy", *head), map(_result_cells, results.strategies)))
    if results.channels:
        lines += ["", "### Per channel", ""]
        lines.append(table(("Channel", *head), map(_result_cells, results.channels)))
    return "\n".join(lines)


def _result_cells(row: ResultRow) -> tuple[str, ...]:
    note = f"no win in {' / '.join(map(str, row.no_win))} days" if row.no_win else ""
    counts = (row.done, row.skipped, row.wins, row.losses)
    return (row.name, minutes_text(row.spent_seconds), *map(str, counts), note)
