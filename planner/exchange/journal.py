"""The Markdown journal of ``planner export --format md``: one ``##`` section a day, its
tasks by rung, and the wrap-up (kinds and strategies of wins and losses named)."""

from __future__ import annotations

from collections.abc import Iterable

from planner.core.model import Day, Outcome, Status, TaskState
from planner.core.plan import progress, tasks_by_rung
from planner.core.timebox import closed_seconds, minutes_text

MARKS = {Status.OPEN: "[ ]", Status.DONE: "[x]", Status.SKIPPED: "[-]"}


def markdown_journal(days: Iterable[Day]) -> str:
    """A journal of ``days``, one ``##`` section a day, oldest first."""
    days = sorted(days, key=lambda day: day.date)
    if not days:
        return "# Planner journal\n\nNo days recorded in this range.\n"
    span = days[0].date.isoformat()
    if days[-1].date != days[0].date:
        span += f" to {days[-1].date.isoformat()}"
    sections = [f"# Planner journal, {span}"]
    sections.extend(markdown_day(day) for day in days)
    return "\n\n".join(sections) + "\n"


def markdown_day(day: Day) -> str:
    figures = progress(day.tasks)
    logged = sum(closed_seconds(task) for task in day.tasks)
    lines = [
        f"## {day.date:%A %d %B %Y}",
        "",
        f"Template: {day.template} · {figures.done}/{figures.total} done, "
        f"{figures.skipped} skipped · {minutes_text(logged)} logged "
        f"of a {day.budget_minutes}m time box",
    ]
    for rung, tasks in tasks_by_rung(day).items():
        if not tasks:
            continue
        lines += ["", f"### {rung.label}", ""]
        lines += [markdown_task(task) for task in tasks]
    lines += markdown_wrap_up(day)
    return "\n".join(lines)


def markdown_task(task: TaskState) -> str:
    details = []
    if task.channel:
        details.append(task.channel)
    if task.target is not None:
        details.append(f"{task.count}/{task.target} {task.unit or ''}".rstrip())
    seconds = closed_seconds(task)
    if seconds:
        planned = f" of {task.minutes}m planned" if task.minutes else ""
        details.append(f"{minutes_text(seconds)} logged{planned}")
    elif task.minutes:
        details.append(f"{task.minutes}m planned")
    if task.running_since:
        details.append("timer running")
    if task.out_of_order:
        details.append("out of ladder order")
    details += [f"strategy: {task.strategy}"] if task.strategy else []
    line = f"- {MARKS[task.status]} {task.title}"
    if details:
        line += f" ({', '.join(details)})"
    if task.status is Status.SKIPPED:
        line += f" — skipped: {task.skip_reason}" if task.skip_reason else " — skipped"
    if task.note:
        line += "\n" + indented(f"Note: {task.note}", "  - ")
    return line


def markdown_wrap_up(day: Day) -> list[str]:
    lines: list[str] = []
    if day.worked:
        lines += ["", "**What worked:**", "", day.worked]
    for heading, outcomes in (("Wins", day.wins), ("Losses", day.losses)):
        if outcomes:
            lines += ["", f"**{heading}:**", ""]
            lines += [f"- {outcome_text(outcome)}" for outcome in outcomes]
    if day.measurements:
        figures = ", ".join(f"{unit} {value:g}" for unit, value in day.measurements.items())
        lines += ["", f"**Measurements:** {figures}"]
    if day.wrap_note:
        lines += ["", "**Note:**", "", day.wrap_note]
    return lines


def outcome_text(outcome: Outcome) -> str:
    """``booked call: Acme (LinkedIn; strategy be-useful)``."""
    text = f"{outcome.kind}: {outcome.text}" if outcome.kind else outcome.text
    about = [outcome.channel or "", f"strategy {outcome.strategy}" if outcome.strategy else ""]
    return f"{text} ({'; '.join(filter(None, about))})" if any(about) else text


def indented(text: str, first: str) -> str:
    """A list item that may span lines: later lines line up under the first one's text."""
    pad = " " * len(first)
    head, *rest = text.splitlines() or [""]
    return "\n".join([first + head, *(pad + line for line in rest)])
