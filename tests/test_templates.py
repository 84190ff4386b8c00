"""Templates: YAML to Template, every problem located, hostile input refused, lookup by name."""

from __future__ import annotations

import os
import pickle
import time
from datetime import date, timedelta
from pathlib import Path
from textwrap import dedent

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from planner.core.ladder import RUNGS, Rung
from planner.templates.fields import task_id_for
from planner.templates.library import (
    DEFAULT_TEMPLATE,
    TemplateNotFound,
    available_templates,
    examples_dir,
    find_template,
)
from planner.templates.names import slugify, template_slug
from planner.templates.reader import (
    LoadResult,
    TemplateError,
    check_file,
    check_text,
    load_file,
    load_text,
)
from planner.templates.yaml_nodes import Problem

MONDAY = date(2026, 11, 23)
EXAMPLES = sorted(examples_dir().glob("*.yaml"))


def check(text: str) -> LoadResult:
    return check_text(dedent(text), "t.yaml")


def messages(text: str) -> list[str]:
    return [str(problem) for problem in check(text).problems]


def only(text: str) -> str:
    """The one problem the text has, as printed."""
    found = messages(text)
    assert len(found) == 1, found
    return found[0]


# --- the shipped examples ---------------------------------------------------------------


def test_the_examples_are_shipped() -> None:
    names = {path.stem for path in EXAMPLES}
    assert {DEFAULT_TEMPLATE, "linkedin-b2b", "content-creator"} <= names


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda path: path.stem)
def test_every_example_loads_without_problems(path: Path) -> None:
    result = check_file(path)
    assert result.problems == []
    template = result.template
    assert template is not None
    assert template.source == str(path)
    ids = [task.id for task in template.tasks]
    assert len(ids) == len(set(ids))
    positions = [task.rung.position for task in template.tasks]
    assert positions == sorted(positions)
    # Each example shows the features a user copies from it.
    assert any(task.days is not None for task in template.tasks)
    assert any(task.target is not None and task.unit for task in template.tasks)
    assert any(task.notes for task in template.tasks)
    assert any(task.channel for task in template.tasks)
    assert template.goals
    assert all(len(task.title) <= 50 for task in template.tasks)
    for offset in range(7):
        day = MONDAY + timedelta(days=offset)
        planned = sum(task.minutes for task in template.tasks_for(day))
        assert 0 < planned <= template.budget_minutes


def test_the_default_template_has_tasks_on_all_six_rungs() -> None:
    template = load_file(find_template(DEFAULT_TEMPLATE, Path("/nonexistent")))
    assert {task.rung for task in template.tasks} == set(RUNGS)
    assert template.budget_minutes == 60
    assert template.name == "Daily marketing hour"


# --- reading tasks ----------------------------------------------------------------------

SMALL = """\
    name: Small
    ladder:
      close:
        - title: Follow up open proposals
          id: follow-up
      read:
        - Read three posts
      share:
        - title: Comment on prospects' posts
          minutes: 10
          target: 3
          unit: comments
          channel: LinkedIn
          notes: Ask a question.
      listen:
        - title: Scan mentions
          minutes: 5
          days: [Mon, wednesday, FRI]
    """


def test_tasks_come_in_ladder_order_with_ids_and_defaults() -> None:
    template = load_text(dedent(SMALL), "small.yaml")
    assert [task.id for task in template.tasks] == [
        "listen-scan-mentions",
        "read-read-three-posts",
        "comment-comment-on-prospects-posts",
        "follow-up",
    ]
    bare = template.tasks[1]
    assert (bare.title, bare.rung, bare.minutes, bare.channel, bare.days) == (
        "Read three posts",
        Rung.READ,
        0,
        None,
        None,
    )
    counted = template.tasks[2]
    assert counted.rung is Rung.COMMENT  # "share" is the comment rung
    assert (counted.target, counted.unit, counted.channel) == (3, "comments", "LinkedIn")
    assert counted.notes == "Ask a question."
    assert template.tasks[0].days == (0, 2, 4)
    assert template.budget_minutes == 60 and template.description == ""
    assert template.source == "small.yaml"


def test_tasks_for_a_date_follow_the_weekday_rules() -> None:
    template = load_text(dedent(SMALL))
    monday = [task.id for task in template.tasks_for(MONDAY)]
    tuesday = [task.id for task in template.tasks_for(MONDAY + timedelta(days=1))]
    assert "listen-scan-mentions" in monday
    assert "listen-scan-mentions" not in tuesday
    assert len(tuesday) == 3


@pytest.mark.parametrize(
    ("days", "expected"),
    [
        ("[mon, wed, fri]", (0, 2, 4)),
        ("[Monday, TUESDAY, sun]", (0, 1, 6)),
        ("weekdays", (0, 1, 2, 3, 4)),
        ("weekend", (5, 6)),
        ("[weekend, mon]", (0, 5, 6)),
        ("thu", (3,)),
        ('"mon, thu"', (0, 3)),
        ("[fri, fri]", (4,)),
        ("", None),
    ],
)
def test_days_accept_short_and_full_names_and_shorthands(
    days: str, expected: tuple[int, ...] | None
) -> None:
    text = f"name: x\nladder:\n  listen:\n    - title: A\n      days: {days}\n"
    assert load_text(text).tasks[0].days == expected


def test_text_fields_keep_what_was_written() -> None:
    text = dedent("""\
        name: no
        ladder:
          read:
            - yes
            - 2024-01-01
            - title: |
                Two
                lines
              channel: "  Linked   In "
        """)
    template = load_text(text)
    assert template.name == "no"  # not False: YAML 1.1 booleans stay words here
    assert [task.title for task in template.tasks] == ["yes", "2024-01-01", "Two lines"]
    assert template.tasks[2].channel == "Linked In"


def test_goals_are_read_with_their_period() -> None:
    text = dedent("""\
        name: x
        ladder: {close: [a]}
        goals:
          - {name: New leads, unit: leads, target: 3}
          - {name: Revenue, unit: euros, target: 2500.5, per: monthly}
        """)
    goals = load_text(text).goals
    assert [(goal.name, goal.unit, goal.target, goal.per) for goal in goals] == [
        ("New leads", "leads", 3.0, "week"),
        ("Revenue", "euros", 2500.5, "month"),
    ]


def test_slugs_and_derived_ids() -> None:
    assert slugify("Comment on prospects' posts!") == "comment-on-prospects-posts"
    assert slugify("  Café -- Crème  ") == "cafe-creme"
    assert len(slugify("word " * 40)) <= 48
    assert not slugify("word " * 40).endswith("-")
    assert task_id_for(Rung.READ, "Read 3 posts") == "read-read-3-posts"
    emoji_id = task_id_for(Rung.CREATE, "🚀🚀")
    assert emoji_id.startswith("create-task-") and emoji_id == task_id_for(Rung.CREATE, "🚀🚀")
    assert template_slug("examples/daily-marketing-hour.yaml") == "daily-marketing-hour"
    assert template_slug("My Plans/Light Friday.YML") == "light-friday"
    assert template_slug("Daily marketing hour") == "daily-marketing-hour"


# --- one test per kind of problem, with its exact place ---------------------------------


def test_yaml_syntax_error_is_located() -> None:
    problem = only("""\
        name: x
        ladder:
          listen: [a, b
        """)
    assert problem.startswith("t.yaml:4:1: error: invalid YAML: ")


def test_a_bad_indentation_is_named_on_its_own_line() -> None:
    """YAML notices ``minutes`` indented too little only on the next line: the message
    names the line that went wrong, the indentation that fits, and where YAML stopped."""
    problem = only("""\
        name: x
        ladder:
          listen:
            - title: Scan
          minutes: 5
              channel: LinkedIn
        """)
    assert problem == (
        "t.yaml:5:3: error: invalid YAML: this line is indented by 2 spaces where 6 would "
        "fit the lines around it (YAML stopped at line 6, column 14: mapping values are not "
        "allowed here)"
    )


def test_an_indentation_that_cannot_be_told_stays_where_yaml_stopped() -> None:
    # Line 6 alone is out of line with the task above it: it is the one named.
    problem = only("""\
        name: x
        ladder:
          listen:
            - title: Scan
              minutes: 5
             channel: LinkedIn
        """)
    assert problem.startswith("t.yaml:6:6: error: invalid YAML: expected <block end>")
    # An over-indented key is noticed on its own line.
    problem = only("""\
        name: x
        ladder:
          listen:
            - title: Scan
               minutes: 5
        """)
    assert problem == "t.yaml:5:15: error: invalid YAML: mapping values are not allowed here"


def test_tabs_get_a_hint() -> None:
    problem = only("name: x\n\tladder: {}\n")
    assert problem.startswith("t.yaml:2:1: error: invalid YAML")
    assert problem.endswith("indent with spaces, not tabs")


def test_duplicate_key_names_the_first() -> None:
    problem = only("""\
        name: x
        ladder:
          listen:
            - title: A
              minutes: 5
              minutes: 10
        """)
    assert problem == "t.yaml:6:7: error: duplicate key 'minutes' (first at line 5)"


def test_unknown_top_level_key_suggests_the_nearest() -> None:
    problem = only("name: x\nbudjet_minutes: 30\nladder: {read: [a]}\n")
    assert problem == (
        "t.yaml:2:1: error: unknown key 'budjet_minutes' in a template "
        "(did you mean 'budget_minutes'?)"
    )


def test_unknown_key_without_a_near_word_lists_the_keys() -> None:
    problem = only("name: x\nowner: me\nladder: {read: [a]}\n")
    assert problem.startswith("t.yaml:2:1: error: unknown key 'owner' in a template; use name,")


def test_a_rung_at_the_top_level_is_explained() -> None:
    found = messages("name: x\nladder: {read: [a]}\nlisten: [b]\n")
    assert found == ["t.yaml:3:1: error: 'listen' is a rung: indent it under 'ladder:'"]


def test_unknown_rung_suggests_the_nearest() -> None:
    problem = only("""\
        name: x
        ladder:
          lisen:
            - A
        """)
    assert problem == "t.yaml:3:3: error: unknown rung 'lisen' (did you mean 'listen'?)"


def test_the_same_rung_twice_under_two_names() -> None:
    problem = only("""\
        name: x
        ladder:
          comment: [a]
          share: [b]
        """)
    assert problem == (
        "t.yaml:4:3: error: 'share' is the same rung as 'comment' (line 3); use one of them"
    )


def test_unknown_task_key_suggests_the_nearest() -> None:
    problem = only("""\
        name: x
        ladder:
          read:
            - title: A
              minuts: 5
        """)
    assert problem == "t.yaml:5:7: error: unknown key 'minuts' in a task (did you mean 'minutes'?)"


def test_a_title_with_a_colon_gets_a_quoting_hint() -> None:
    problem = only("""\
        name: x
        ladder:
          communicate:
            - Email: two prospects
        """)
    assert problem == (
        "t.yaml:4:7: error: unknown key 'Email' in a task; "
        "if 'Email: two prospects' is a title, put it in quotes"
    )


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("minutes: five", "5:16: error: minutes must be a whole number, not text ('five')"),
        ("minutes: 2.5", "5:16: error: minutes must be a whole number, not a decimal number"),
        ("minutes: true", "5:16: error: minutes must be a whole number, not 'true', which YAML"),
        ("minutes: -5", "5:16: error: minutes must be 0 or more, not -5"),
        ("minutes: 2000", "5:16: error: minutes must be at most 1440, not 2000"),
        ("target: 0", "5:15: error: target must be 1 or more, not 0 (leave target out"),
        ("days: 3", "5:13: error: days must be a list of weekdays like [mon, wed, fri], not a"),
        ("days: {mon: 1}", "5:13: error: days must be a list of weekdays like [mon, wed, fri]"),
        ("days: []", "5:13: error: days is empty, so the task would never come up"),
        ("days: [mon, wendesday]", "5:19: error: unknown weekday 'wendesday' (did you mean 'wed"),
        ("days: [mon, [tue]]", "5:19: error: days must be a list of weekdays like [mon, wed, fri]"),
        ("channel: [a, b]", "5:16: error: channel must be text, not a list"),
        ("id: Scan Mentions", "5:11: error: id 'Scan Mentions' may use only lowercase letters"),
        ("notes: {a: 1}", "5:14: error: notes must be text, not a group of 'key: value' lines"),
    ],
)
def test_a_wrong_task_value_is_located_and_explained(line: str, expected: str) -> None:
    text = f"name: x\nladder:\n  listen:\n    - title: A\n      {line}\n"
    found = [str(problem) for problem in check_text(text, "t.yaml").problems]
    assert len(found) == 1, found
    assert found[0].startswith(f"t.yaml:{expected}")


def test_a_title_must_be_text() -> None:
    problem = only("""\
        name: x
        ladder:
          read:
            - title: [1]
        """)
    assert problem == "t.yaml:4:14: error: title must be text, not a list"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("name: x\nladder: [a]\n", "2:9: error: ladder must list rungs with their tasks"),
        (
            "name: x\nladder: {read: {title: a}}\n",
            "2:16: error: the tasks under 'read' must be a list",
        ),
        ("name: [x]\nladder: {read: [a]}\n", "1:7: error: name must be text, not a list"),
        ("name: x\nbudget_minutes: -1\nladder: {read: [a]}\n", "2:17: error: budget_minutes must"),
        (
            "name: x\nbudget_minutes: lots\nladder: {read: [a]}\n",
            "2:17: error: budget_minutes must",
        ),
        (
            "name: x\nladder: {read: [[a]]}\n",
            "2:17: error: a task must be a title or 'title:' lines",
        ),
        ("name: x\nladder:\n  read:\n    -\n", "4:6: error: empty task: write a title"),
    ],
)
def test_wrong_shapes_are_located(text: str, expected: str) -> None:
    found = [str(problem) for problem in check_text(text, "t.yaml").problems]
    assert len(found) == 1, found
    assert found[0].startswith(f"t.yaml:{expected}")


def test_missing_name_ladder_and_title() -> None:
    assert messages("description: nothing else\n") == [
        "t.yaml:1:1: error: missing name: add a line like 'name: Daily marketing hour'",
        "t.yaml:1:1: error: missing ladder: add 'ladder:' with tasks under its rungs "
        "(listen, read, comment, create, communicate, close)",
    ]
    problem = only("""\
        name: x
        ladder:
          read:
            - minutes: 5
        """)
    assert problem.startswith("t.yaml:4:7: error: missing title")
    assert only("name: ''\nladder: {read: [a]}\n") == "t.yaml:1:7: error: name is empty"


def test_duplicate_ids_point_at_the_later_task() -> None:
    problem = only("""\
        name: x
        ladder:
          read:
            - Read posts
            - title: Read posts!
              minutes: 5
        """)
    assert problem == (
        "t.yaml:5:7: error: duplicate task id 'read-read-posts' (first at line 4); "
        "give one of the tasks an id: of its own"
    )


def test_a_given_id_clashing_with_a_derived_one_points_at_the_id() -> None:
    problem = only("""\
        name: x
        ladder:
          listen:
            - Scan
          close:
            - title: Other
              id: listen-scan
        """)
    assert problem.startswith(
        "t.yaml:7:11: error: duplicate task id 'listen-scan' (first at line 4)"
    )


def test_given_ids_make_equal_titles_fine() -> None:
    template = load_text("name: x\nladder:\n  read:\n    - A\n    - {title: A, id: second-a}\n")
    assert [task.id for task in template.tasks] == ["read-a", "second-a"]


def test_goal_problems() -> None:
    found = messages("""\
        name: x
        ladder: {read: [a]}
        goals:
          - name: Leads
            unit: leads
            target: 0
          - name: Calls
            target: many
            per: fortnight
            colour: red
          - just a word
          - {name: Leads, unit: leads, target: 1}
          - {name: leads, unit: leads, target: 2}
        """)
    assert found == [
        "t.yaml:6:13: error: target must be more than 0, not 0",
        "t.yaml:7:5: error: missing unit: add a line like 'unit: leads'",
        "t.yaml:8:13: error: target must be a number, not text ('many')",
        "t.yaml:9:10: error: per must be day, week or month, not 'fortnight'",
        "t.yaml:10:5: error: unknown key 'colour' in a goal; use name, unit, target and per",
        "t.yaml:11:5: error: a goal needs name:, unit:, target: and per: lines, not text "
        "('just a word')",
        "t.yaml:13:5: error: duplicate goal 'leads' (first at line 12)",
    ]
    assert only("name: x\nladder: {read: [a]}\ngoals: 3\n").startswith(
        "t.yaml:3:8: error: goals must be a list"
    )


def test_several_problems_are_all_reported_in_file_order() -> None:
    result = check("""\
        name: x
        budget_minutes: -5
        ladder:
          listen:
            - title: A
              minutes: five
          raed:
            - B
          close:
            - title: C
              days: [mon, fry]
        colour: blue
        """)
    assert result.template is None
    assert [(problem.line, problem.column) for problem in result.problems] == [
        (2, 17),
        (6, 16),
        (7, 3),
        (11, 19),
        (12, 1),
    ]
    assert "did you mean 'read'?" in result.problems[2].message
    assert "did you mean 'fri'?" in result.problems[3].message


def test_a_plan_over_budget_is_a_warning_and_still_loads() -> None:
    result = check("""\
        name: x
        budget_minutes: 20
        ladder:
          listen:
            - {title: A, minutes: 15}
            - {title: B, minutes: 10}
        """)
    assert result.template is not None
    assert [str(problem) for problem in result.problems] == [
        "t.yaml:2:17: warning: the plan takes 25 minutes, more than its budget of 20"
    ]
    assert result.warnings == result.problems and result.errors == []


def test_the_budget_warning_names_the_weekdays_it_depends_on() -> None:
    result = check("""\
        name: x
        ladder:
          listen:
            - {title: A, minutes: 50}
            - {title: B, minutes: 15, days: [mon, wed]}
            - {title: C, minutes: 20, days: [fri]}
        """)
    assert result.template is not None
    assert [str(problem) for problem in result.problems] == [
        "t.yaml:3:3: warning: the plan takes more than its budget of 60 minutes: "
        "65 on mon and wed; 70 on fri"
    ]


def test_a_plan_within_budget_on_every_day_has_no_warning() -> None:
    result = check("""\
        name: x
        budget_minutes: 30
        ladder:
          listen:
            - {title: A, minutes: 20, days: [mon]}
            - {title: B, minutes: 20, days: [tue]}
        """)
    assert result.problems == []


def test_an_empty_ladder_is_a_warning() -> None:
    result = check("name: x\nladder:\n")
    assert [str(problem) for problem in result.problems] == [
        "t.yaml:2:8: warning: the ladder has no tasks yet"
    ]
    assert result.template is not None and result.template.tasks == ()


@pytest.mark.parametrize("text", ["", "   \n\n", "# only a comment\n# and another\n", "---\n"])
def test_an_empty_file(text: str) -> None:
    problems = check_text(text, "t.yaml").problems
    assert [str(problem) for problem in problems] == [
        "t.yaml:1:1: error: the file is empty: a template needs a name: and a ladder:"
    ]


def test_the_top_level_must_be_a_mapping() -> None:
    assert (
        only("- a\n- b\n") == "t.yaml:1:1: error: a template must be 'key: value' lines, not a list"
    )
    assert only("just words\n").startswith("t.yaml:1:1: error: a template must be 'key: value'")


def test_not_utf8_names_the_place() -> None:
    result = check_text(b"name: x\nladder:\n  read: [caf\xe9]\n", "t.yaml")
    assert [str(problem) for problem in result.problems] == [
        "t.yaml:3:13: error: not UTF-8 text: byte 0xe9 at byte offset 28; save the file as UTF-8"
    ]
    assert result.template is None


def test_a_utf8_bom_is_ignored() -> None:
    template = load_text("\ufeffname: Café\nladder: {read: [a]}\n".encode())
    assert template.name == "Café"


def test_forbidden_characters_are_located() -> None:
    assert only("name: x\x07\nladder: {read: [a]}\n") == (
        "t.yaml:1:8: error: character U+0007 is not allowed in a YAML file"
    )


def test_more_than_one_document() -> None:
    assert only("name: x\n---\nname: y\n").startswith(
        "t.yaml:2:1: error: the file holds more than one YAML document"
    )


# --- hostile input ----------------------------------------------------------------------

BILLION_LAUGHS = """\
name: lol
a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]
b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]
e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]
f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]
g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]
h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]
i: &i [*h,*h,*h,*h,*h,*h,*h,*h,*h]
ladder:
  listen: *i
"""


def test_billion_laughs_is_refused_quickly() -> None:
    start = time.perf_counter()
    result = check_text(BILLION_LAUGHS, "t.yaml")
    assert time.perf_counter() - start < 1
    assert result.template is None
    refused = [p for p in result.problems if "anchors and aliases are not supported" in p.message]
    assert (refused[0].line, refused[0].column) == (2, 4)
    assert len(refused) == 18  # each anchor, and the first use of each alias


def test_a_single_alias_is_an_error() -> None:
    result = check("""\
        name: x
        ladder:
          read:
            - &t Read posts
          close:
            - *t
        """)
    assert [(p.line, p.column, p.message.split(" (")[0]) for p in result.problems] == [
        (4, 7, "anchors and aliases are not supported"),
        (6, 7, "anchors and aliases are not supported"),
    ]


DEEP = {
    "flow lists": "[" * 10_000,
    "flow mappings": "{a: " * 10_000,
    "block lists": "- " * 10_000,
    "block mappings": "".join(" " * depth + "a:\n" for depth in range(200)),
}


@pytest.mark.parametrize("text", DEEP.values(), ids=DEEP.keys())
def test_deep_nesting_is_a_problem_not_a_crash(text: str) -> None:
    result = check_text(text, "t.yaml")
    assert result.template is None
    assert [problem.message for problem in result.problems] == [
        "the file is nested more than 50 levels deep"
    ]


def test_square_brackets_nesting_is_located() -> None:
    problem = check_text("[" * 10_000, "t.yaml").problems[0]
    assert str(problem) == "t.yaml:1:51: error: the file is nested more than 50 levels deep"


def test_a_flood_of_values_is_refused_quickly() -> None:
    start = time.perf_counter()
    problems = check_text("[" + "1," * 400_000 + "]", "t.yaml").problems
    assert time.perf_counter() - start < 3
    assert [problem.message for problem in problems] == [
        "the file holds more than 10,000 values; a template has far fewer"
    ]


def test_input_over_one_mebibyte_is_refused(tmp_path: Path) -> None:
    big = "name: x\nladder: {read: [a]}\n# " + "x" * (1024 * 1024)
    expected = "error: the file is larger than 1 MiB; a template is a few KiB"
    assert str(check_text(big, "t.yaml").problems[0]) == f"t.yaml:1:1: {expected}"
    assert check_text("é" * 600_000).problems[0].message.startswith("the file is larger")
    path = tmp_path / "big.yaml"
    path.write_text(big, encoding="utf-8")
    assert [str(problem) for problem in check_file(path).problems] == [f"{path}:1:1: {expected}"]


def test_very_long_lines_are_fine() -> None:
    template = load_text("name: " + "x" * 200_000 + "\nladder: {read: [a]}\n")
    assert len(template.name) == 200_000


def test_python_tags_never_run(monkeypatch: pytest.MonkeyPatch) -> None:
    def forbidden(command: str) -> int:
        raise AssertionError(f"os.system ran {command!r}")

    monkeypatch.setattr(os, "system", forbidden)
    result = check("""\
        name: !!python/object/apply:os.system ["echo pwned"]
        ladder:
          read: [a]
        """)
    assert [str(problem) for problem in result.problems] == [
        "t.yaml:1:7: error: unsupported tag '!!python/object/apply:os.system': "
        "use plain text and numbers"
    ]
    assert only("!!python/object:planner.core.model.Template\nname: x\n").startswith(
        "t.yaml:1:1: error: unsupported tag '!!python/object:planner.core.model.Template'"
    )
    assert only("name: !custom x\nladder: {read: [a]}\n").startswith(
        "t.yaml:1:7: error: unsupported tag '!custom'"
    )


# --- errors as exceptions, and files ----------------------------------------------------


def test_load_text_raises_a_template_error_listing_every_problem() -> None:
    with pytest.raises(TemplateError) as caught:
        load_text("name: x\nladder:\n  lisen: [a]\n  raed: [b]\n", "plan.yaml")
    error = caught.value
    assert error.path == "plan.yaml"
    assert str(error).splitlines() == [
        "plan.yaml:3:3: error: unknown rung 'lisen' (did you mean 'listen'?)",
        "plan.yaml:4:3: error: unknown rung 'raed' (did you mean 'read'?)",
    ]
    assert all(isinstance(problem, Problem) for problem in error.problems)
    assert str(pickle.loads(pickle.dumps(error))) == str(error)


def test_check_file_reports_an_unreadable_file(tmp_path: Path) -> None:
    missing = check_file(tmp_path / "missing.yaml")
    assert missing.template is None
    assert str(missing.problems[0]).startswith(
        f"{tmp_path / 'missing.yaml'}:1:1: error: cannot read"
    )
    assert check_file(tmp_path).problems[0].message.startswith("cannot read the file")


def test_load_file_sets_the_source(tmp_path: Path) -> None:
    path = tmp_path / "mine.yaml"
    path.write_text("name: Mine\nladder: {read: [a]}\n", encoding="utf-8")
    assert load_file(path).source == str(path)
    with pytest.raises(TemplateError):
        load_file(tmp_path / "nothing.yaml")


# --- finding templates ------------------------------------------------------------------


def test_find_template_resolution_order(tmp_path: Path) -> None:
    user_dir = tmp_path / "templates"
    user_dir.mkdir()
    shipped = examples_dir() / f"{DEFAULT_TEMPLATE}.yaml"
    assert find_template(DEFAULT_TEMPLATE, user_dir) == shipped
    assert find_template("Daily Marketing Hour", user_dir) == shipped  # by slug

    mine = user_dir / f"{DEFAULT_TEMPLATE}.yaml"
    mine.write_text("name: Mine\nladder: {read: [a]}\n", encoding="utf-8")
    assert find_template(DEFAULT_TEMPLATE, user_dir) == mine  # the user's overrides

    short = user_dir / "light.yml"
    short.write_text("name: Light\nladder: {read: [a]}\n", encoding="utf-8")
    assert find_template("light", user_dir) == short

    elsewhere = tmp_path / "elsewhere.yaml"
    elsewhere.write_text("name: E\nladder: {read: [a]}\n", encoding="utf-8")
    assert find_template(str(elsewhere), user_dir) == elsewhere  # a file path wins
    assert find_template("linkedin-b2b", user_dir) == examples_dir() / "linkedin-b2b.yaml"


def test_template_not_found_lists_the_names(tmp_path: Path) -> None:
    (tmp_path / "mine.yaml").write_text("name: M\nladder: {}\n", encoding="utf-8")
    with pytest.raises(TemplateNotFound) as caught:
        find_template("linkedin", tmp_path)
    message = str(caught.value)
    assert message.startswith("no template 'linkedin' (did you mean 'linkedin-b2b'?).")
    for name in ("mine", DEFAULT_TEMPLATE, "linkedin-b2b", "content-creator"):
        assert name in message
    assert str(tmp_path) in message
    assert caught.value.available[0] == "mine"


def test_available_templates_lists_the_users_first(tmp_path: Path) -> None:
    (tmp_path / "zebra.yaml").write_text("name: Z\n", encoding="utf-8")
    (tmp_path / "content-creator.yaml").write_text("name: C\n", encoding="utf-8")
    (tmp_path / "notes.txt").write_text("not a template\n", encoding="utf-8")
    listed = available_templates(tmp_path)
    assert [(name, is_user) for name, _, is_user in listed] == [
        ("content-creator", True),
        ("zebra", True),
        (DEFAULT_TEMPLATE, False),
        ("linkedin-b2b", False),
    ]
    assert listed[0][1] == tmp_path / "content-creator.yaml"
    assert available_templates(tmp_path / "missing")[0][2] is False


# --- nothing makes the checker raise ----------------------------------------------------

EXAMPLE_BYTES = (examples_dir() / f"{DEFAULT_TEMPLATE}.yaml").read_bytes()
YAML_PIECES = [
    "\n",
    " ",
    "  ",
    "- ",
    ": ",
    "[",
    "]",
    "{",
    "}",
    ",",
    "&a ",
    "*a",
    "!!",
    "#",
    '"',
    "'",
]


def assert_a_result(result: LoadResult) -> None:
    assert isinstance(result, LoadResult)
    has_errors = any(problem.severity == "error" for problem in result.problems)
    assert (result.template is None) == has_errors
    assert all(problem.line >= 1 and problem.column >= 1 for problem in result.problems)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=300) | st.binary(max_size=300))
def test_random_input_always_gives_a_result(text: str | bytes) -> None:
    assert_a_result(check_text(text))


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(
        st.tuples(
            st.integers(0, len(EXAMPLE_BYTES)),
            st.integers(0, 8),
            st.sampled_from(YAML_PIECES) | st.text(max_size=4),
        ),
        max_size=6,
    )
)
def test_mutated_examples_always_give_a_result(edits: list[tuple[int, int, str]]) -> None:
    data = EXAMPLE_BYTES
    for position, removed, inserted in edits:
        data = (
            data[:position] + inserted.encode("utf-8", "surrogatepass") + data[position + removed :]
        )
    assert_a_result(check_text(data))
