"""Strategies in templates (issue 17, part 1): read with line:column, stored on tasks by id,
followed by `S`, carried by exports and the merge."""

from __future__ import annotations

import csv
import io
import json
import textwrap
from dataclasses import replace
from datetime import datetime

import pytest

from planner.config import Paths, Settings
from planner.core.plan import sync_day
from planner.exchange.export import json_dump, tasks_csv
from planner.exchange.importing import parse_export
from planner.exchange.journal import markdown_journal
from planner.session.work import Session
from planner.store.day_format import day_as_record, day_from_record
from planner.store.merge import merge_three
from planner.templates.library import examples_dir
from planner.templates.reader import check_file, check_text, load_text
from tests.helpers import NOW, TODAY, FakeClock

PLAN = textwrap.dedent(
    """\
    name: Foundations
    goals:
      - {name: New leads, unit: leads, target: 3, per: week}
    strategies:
      - name: Be useful where prospects read
        goal: New leads
        why: Comments on their posts start conversations.
      - name: Stay in touch with warm contacts
        goal: New leads
    ladder:
      comment:
        - {title: Comment on prospects' posts, target: 3, strategy: Be useful where prospects read}
      communicate:
        - {title: Email a past client, strategy: stay-in-touch-with-warm-contacts}
        - Read the news
    """
)


def problems(text: str) -> list[str]:
    return [str(problem) for problem in check_text(textwrap.dedent(text)).problems]


def test_tasks_store_the_strategy_id_by_name_or_id() -> None:
    template = load_text(PLAN)
    assert [s.id for s in template.strategies] == [
        "be-useful-where-prospects-read",
        "stay-in-touch-with-warm-contacts",
    ]
    assert template.strategies[0].why == "Comments on their posts start conversations."
    assert template.strategies[0].goal == "New leads"
    by_title = {task.title: task.strategy for task in template.tasks}
    assert by_title == {
        "Comment on prospects' posts": "be-useful-where-prospects-read",
        "Email a past client": "stay-in-touch-with-warm-contacts",
        "Read the news": None,
    }
    assert check_text(PLAN).problems == []


def test_an_unknown_strategy_is_an_error_at_its_place_with_the_nearest_name() -> None:
    found = problems(
        PLAN.replace(
            "strategy: Be useful where prospects read", "strategy: Be useful where prospect reads"
        )
    )
    assert found == [
        "<string>:5:5: warning: no task serves the strategy 'Be useful where prospects read' yet",
        "<string>:12:65: error: unknown strategy 'Be useful where prospect reads' (did you mean "
        "'Be useful where prospects read'?); the strategies: Be useful where prospects read, "
        "Stay in touch with warm contacts",
    ]


def test_a_strategy_naming_an_unknown_goal_is_an_error() -> None:
    found = problems(PLAN.replace("    goal: New leads\n    why", "    goal: New lead\n    why"))
    assert found == [
        "<string>:6:11: error: unknown goal 'New lead' (did you mean 'New leads'?); "
        "the goals: New leads"
    ]


def test_one_strategy_a_strategy_without_task_and_a_channel_name_are_warnings() -> None:
    one = problems(
        """\
        name: One
        strategies:
          - LinkedIn
        ladder:
          listen:
            - {title: Scan, channel: LinkedIn, strategy: linkedin}
        """
    )
    assert one == [
        "<string>:3:3: warning: the plan has one strategy: a few paths to the goals work best, "
        "not too many but not one (2 to 5)",
        "<string>:3:5: warning: the strategy 'LinkedIn' is named after the channel 'LinkedIn': "
        "relate strategies to goals, not to tools (what is it for?)",
    ]
    idle = problems(PLAN.replace(", strategy: stay-in-touch-with-warm-contacts", ""))
    assert idle == [
        "<string>:8:5: warning: no task serves the strategy 'Stay in touch with warm contacts' yet"
    ]
    six = "\n".join(f"  - S{n}" for n in range(6))
    many = problems(f"name: Many\nstrategies:\n{six}\nladder:\n  listen: [Scan]\n")
    assert many[0].startswith("<string>:3:3: warning: the plan has 6 strategies")


def test_no_strategies_is_fine_and_silent() -> None:
    assert problems("name: Bare\nladder:\n  listen: [Scan]\n") == []


def test_duplicate_strategies_and_bad_ids_are_errors() -> None:
    text = PLAN.replace(
        "  - name: Stay in touch with warm contacts\n", "  - name: be useful where prospects READ\n"
    )
    assert any("duplicate strategy" in p and ":8:5:" in p for p in problems(text))
    bad = PLAN.replace("    why: Comments", "    id: Bad Id\n    why: Comments")
    assert any("id 'Bad Id' may use only" in p for p in problems(bad))


@pytest.mark.parametrize("path", sorted(examples_dir().glob("*.yaml")), ids=lambda p: p.stem)
def test_each_example_has_two_or_three_strategies_that_tasks_serve(path: object) -> None:
    result = check_file(path)  # type: ignore[arg-type]
    assert result.problems == []
    template = result.template
    assert template is not None and 2 <= len(template.strategies) <= 3
    served = {task.strategy for task in template.tasks}
    assert all(strategy.id in served for strategy in template.strategies)
    assert all(strategy.goal for strategy in template.strategies)


def test_sync_gives_a_stored_task_its_new_strategy() -> None:
    template = load_text(PLAN)
    from planner.core.model import Day, TaskState

    day = Day(
        date=TODAY, template="Foundations", tasks=[TaskState.from_spec(t) for t in template.tasks]
    )
    renamed = load_text(
        PLAN.replace(
            "strategy: Be useful where prospects read", "strategy: Stay in touch with warm contacts"
        )
    )
    result = sync_day(day, renamed, NOW)
    task = result.day.task("comment-comment-on-prospects-posts")
    assert task.strategy == "stay-in-touch-with-warm-contacts"
    assert [t.id for t in result.updated] == ["comment-comment-on-prospects-posts"]


def test_a_stored_day_keeps_strategies_and_old_days_have_none(
    paths: Paths, clock: FakeClock, tmp_path: object
) -> None:
    from pathlib import Path

    plan = Path(str(tmp_path)) / "foundations.yaml"
    plan.write_text(PLAN)
    session = Session(paths, Settings(), template_choice=str(plan), clock=clock)
    day = session.open_day(TODAY).day
    record = day_as_record(day)
    strategies = {task["id"]: task.get("strategy") for task in record["tasks"]}
    assert strategies["comment-comment-on-prospects-posts"] == "be-useful-where-prospects-read"
    assert "strategy" not in next(t for t in record["tasks"] if t["id"].endswith("read-the-news"))
    assert day_from_record(record) == day
    # Every way out carries it: JSON (and back), CSV's last column, the Markdown journal.
    assert parse_export(Path("x.json"), json.loads(json_dump([day])))[0] == day
    rows = list(csv.DictReader(io.StringIO(tasks_csv([day]))))
    assert list(rows[0])[-1] == "strategy"
    assert rows[0]["strategy"] == "be-useful-where-prospects-read"
    assert "strategy: be-useful-where-prospects-read" in markdown_journal([day])


def test_the_merge_keeps_a_strategy_changed_on_one_side() -> None:
    template = load_text(PLAN)
    from planner.core.model import Day, TaskState

    stamp = "2026-11-24T08:00:00+00:00"
    tasks = [replace(TaskState.from_spec(t), updated_at=stamp) for t in template.tasks]
    base = Day(date=TODAY, template="F", tasks=tasks, updated_at=stamp, created_at=stamp)
    ours = day_from_record(json.loads(json.dumps(day_as_record(base))))
    later = datetime(2026, 11, 24, 10).astimezone().isoformat()
    ours.tasks[0] = replace(
        ours.tasks[0], strategy="stay-in-touch-with-warm-contacts", updated_at=later
    )
    theirs = day_from_record(json.loads(json.dumps(day_as_record(base))))
    theirs.tasks[1] = replace(theirs.tasks[1], note="called", updated_at=later)
    merged = merge_three(base, ours, theirs)
    assert merged is not None
    assert merged.tasks[0].strategy == "stay-in-touch-with-warm-contacts"
    assert merged.tasks[1].note == "called"
