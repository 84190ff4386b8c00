"""Template files: copy, rename, delete, save with a backup, the schedule, the compiled cache
of last good versions, and the JSON Schema (shipped file, examples, comments)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest
import yaml

from planner.config import Paths, Settings, load_settings, save_setting
from planner.session.work import Session
from planner.store.files import backup_path
from planner.templates.cache import TemplateCache, template_from_dict, template_to_dict
from planner.templates.library import (
    DEFAULT_TEMPLATE,
    LibraryError,
    copy_template,
    delete_template,
    editor_command,
    examples_dir,
    find_editor,
    rename_template,
    run_editor,
    save_template_text,
    schema_path,
    with_name,
)
from planner.templates.listing import describe_templates
from planner.templates.reader import TemplateError, load_file, load_text
from planner.templates.schedule import (
    ScheduleError,
    parse_weekdays,
    schedule_renamed,
    schedule_with,
)
from planner.templates.schema import schema_text, template_schema
from tests.helpers import TODAY, FakeClock

REPO = Path(__file__).resolve().parent.parent
EXAMPLES = sorted(examples_dir().glob("*.yaml"))
SMALL = "name: Small\nladder:\n  read:\n    - {title: Read, id: read, minutes: 5}\n"


@pytest.fixture
def user_dir(paths: Paths) -> Path:
    return paths.template_dir


# --- copy, rename, delete -----------------------------------------------------------------


def test_a_copy_of_an_example_is_the_users_and_leaves_the_example_alone(user_dir: Path) -> None:
    example = examples_dir() / f"{DEFAULT_TEMPLATE}.yaml"
    before = example.read_bytes()
    made = copy_template(example, user_dir, "Light Friday")
    assert made == user_dir / "light-friday.yaml"
    assert example.read_bytes() == before
    text = made.read_text()
    first = text.splitlines()[0]
    assert first == f"# yaml-language-server: $schema={schema_path().resolve()}"
    assert Path(first.split("=", 1)[1]).is_absolute() and Path(first.split("=", 1)[1]).is_file()
    template = load_file(made)
    assert template.name == "Light Friday"
    assert len(template.tasks) == len(load_file(example).tasks)
    with pytest.raises(LibraryError, match="already have a template 'light-friday'"):
        copy_template(example, user_dir, "light friday")


def test_keep_name_copies_stand_in_for_the_example(user_dir: Path) -> None:
    example = examples_dir() / "linkedin-b2b.yaml"
    made = copy_template(example, user_dir, "linkedin-b2b", keep_name=True)
    assert load_file(made).name == "LinkedIn B2B"


def test_names_that_need_quotes_are_quoted() -> None:
    assert with_name("name: x\nladder: {}\n", "Plan: B #2").startswith('name: "Plan: B #2"\n')
    assert load_text(with_name(SMALL, "Plan: B #2")).name == "Plan: B #2"
    assert with_name("ladder: {}\n", "New").startswith("name: New\n")


def test_rename_moves_the_file_and_renames_the_template(user_dir: Path) -> None:
    made = copy_template(examples_dir() / "linkedin-b2b.yaml", user_dir, "mine")
    renamed = rename_template(made, user_dir, "Weekday plan")
    assert not made.exists() and renamed == user_dir / "weekday-plan.yaml"
    assert load_file(renamed).name == "Weekday plan"
    other = copy_template(examples_dir() / "linkedin-b2b.yaml", user_dir, "other")
    with pytest.raises(LibraryError, match="already have"):
        rename_template(other, user_dir, "weekday plan")


def test_rename_takes_the_backup_along(user_dir: Path) -> None:
    made = copy_template(examples_dir() / "linkedin-b2b.yaml", user_dir, "mine")
    backup_path(made).write_text("name: the version before\n")
    renamed = rename_template(made, user_dir, "Weekday plan")
    assert backup_path(renamed).read_text() == "name: the version before\n"
    assert sorted(path.name for path in user_dir.iterdir()) == [
        "weekday-plan.yaml",
        "weekday-plan.yaml.bak",
    ]


def test_shipped_examples_cannot_be_renamed_deleted_or_saved(user_dir: Path) -> None:
    example = examples_dir() / f"{DEFAULT_TEMPLATE}.yaml"
    for act in (
        lambda: rename_template(example, user_dir, "x"),
        lambda: delete_template(example),
        lambda: save_template_text(example, SMALL),
    ):
        with pytest.raises(LibraryError, match="shipped example"):
            act()
    assert example.exists()


def test_delete_removes_the_template_and_its_backup(user_dir: Path) -> None:
    made = copy_template(examples_dir() / "linkedin-b2b.yaml", user_dir, "gone")
    save_template_text(made, SMALL)
    assert backup_path(made).exists()
    delete_template(made)
    assert not made.exists() and not backup_path(made).exists()


# --- saving -------------------------------------------------------------------------------


def test_save_keeps_the_previous_version_and_refuses_errors(user_dir: Path) -> None:
    made = copy_template(examples_dir() / "linkedin-b2b.yaml", user_dir, "mine")
    original = made.read_text()
    save_template_text(made, SMALL)
    assert made.read_text() == SMALL
    assert backup_path(made).read_text() == original
    with pytest.raises(TemplateError) as caught:
        save_template_text(made, "name: x\nladder:\n  lisen: [a]\n")
    assert "3:3" in str(caught.value) and "did you mean 'listen'" in str(caught.value)
    assert made.read_text() == SMALL  # nothing written
    assert backup_path(made).read_text() == original
    assert not [p for p in user_dir.iterdir() if p.name.startswith(".")]  # no temporaries


# --- listing and the schedule -------------------------------------------------------------


def test_describe_templates_shows_validity_default_and_weekdays(user_dir: Path) -> None:
    user_dir.mkdir(parents=True)
    (user_dir / "broken.yaml").write_text("name: B\nladder:\n  lisen: [a]\n")
    (user_dir / "friday.yaml").write_text(SMALL)
    infos = {
        info.name: info
        for info in describe_templates(
            user_dir, "friday", {"fri": "friday", "sat": "Friday", "mon": "linkedin-b2b"}
        )
    }
    assert not infos["broken"].valid and infos["broken"].problems[0].endswith(
        "unknown rung 'lisen' (did you mean 'listen'?)"
    )
    friday = infos["friday"]
    assert (friday.valid, friday.is_default, friday.weekdays) == (True, True, ("fri", "sat"))
    assert (friday.task_count, friday.planned_minutes, friday.budget_minutes) == (1, 5, 60)
    assert infos["linkedin-b2b"].weekdays == ("mon",)
    assert not infos[DEFAULT_TEMPLATE].is_default and infos[DEFAULT_TEMPLATE].is_user is False


def test_weekday_words_and_schedule_edits() -> None:
    assert parse_weekdays("fri, Mon") == ("mon", "fri")
    assert parse_weekdays("weekend") == ("sat", "sun")
    assert parse_weekdays("  ") == ()
    with pytest.raises(ScheduleError, match="unknown weekday 'fry' \\(did you mean 'fri'"):
        parse_weekdays("fry")
    schedule = {"mon": "a", "fri": "light"}
    assert schedule_with(schedule, "light", ("tue", "fri")) == {
        "mon": "a",
        "tue": "light",
        "fri": "light",
    }
    assert schedule_with(schedule, "light", ()) == {"mon": "a"}
    assert schedule_with(schedule, "b", ("mon",)) == {"mon": "b", "fri": "light"}
    assert schedule_renamed(schedule, "light", "lighter") == {"mon": "a", "fri": "lighter"}
    assert schedule_renamed(schedule, "light", None) == {"mon": "a"}


def test_session_follows_the_schedule_written_by_update_setting(
    paths: Paths, clock: FakeClock
) -> None:
    session = Session(paths, Settings(), clock=clock)
    copy_template(examples_dir() / "linkedin-b2b.yaml", paths.template_dir, "tuesday")
    session.update_setting("schedule", {"tue": "tuesday"})  # TODAY is a Tuesday
    assert load_settings(paths.config_file).schedule == {"tue": "tuesday"}
    assert session.template_for(TODAY).name == "tuesday"
    session.update_setting("default_template", "content-creator")
    assert session.day_templates.name_for(TODAY, session.settings) == "tuesday"
    assert session.day_templates.name_for(TODAY.replace(day=25), session.settings) == (
        "content-creator"
    )


# --- the user's editor --------------------------------------------------------------------


def test_editor_command_prefers_visual_and_splits_like_a_shell() -> None:
    assert editor_command({"VISUAL": "code --wait", "EDITOR": "vi"}) == ["code", "--wait"]
    assert editor_command({"EDITOR": "'my editor' -n"}) == ["my editor", "-n"]
    with pytest.raises(LibraryError, match=r"\$VISUAL or \$EDITOR"):
        editor_command({"VISUAL": " "})


def test_run_editor_runs_the_command_on_the_file(tmp_path: Path) -> None:
    script = tmp_path / "edit.py"
    script.write_text("import sys\nopen(sys.argv[1], 'a').write('edited\\n')\n")
    target = tmp_path / "t.yaml"
    target.write_text("")
    assert run_editor(target, {"EDITOR": f"{sys.executable} {script}"}) == 0
    assert target.read_text() == "edited\n"
    with pytest.raises(LibraryError, match="cannot find the editor"):
        run_editor(target, {"EDITOR": str(tmp_path / "no-such-editor")})
    unrunnable = tmp_path / "unrunnable"
    unrunnable.write_bytes(b"\x7fELF not really\n")  # executable, but not a program
    unrunnable.chmod(0o755)
    with pytest.raises(LibraryError, match="cannot start the editor"):
        run_editor(target, {"EDITOR": str(unrunnable)})


def test_find_editor_finds_the_program_or_says_what_to_set(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert find_editor({"VISUAL": f"{sys.executable} -u", "EDITOR": "nosuch"}) == [
        sys.executable,
        "-u",
    ]
    assert find_editor({"EDITOR": "true"}) == ["true"]  # a name on the PATH
    script = tmp_path / "ed"
    script.write_text("#!/bin/sh\n")
    monkeypatch.chdir(tmp_path)
    with pytest.raises(LibraryError, match=r"cannot find the editor '\./ed' \(\$EDITOR\)"):
        find_editor({"EDITOR": "./ed"})  # not executable
    script.chmod(0o755)
    assert find_editor({"EDITOR": "./ed --wait"}) == ["./ed", "--wait"]  # a relative path
    assert find_editor({"EDITOR": f"{script} -n"}) == [str(script), "-n"]
    with pytest.raises(LibraryError, match=r"\$VISUAL or \$EDITOR .*export EDITOR=nano"):
        find_editor({})
    with pytest.raises(LibraryError, match=r"'nosuch' \(\$VISUAL\): set \$VISUAL to"):
        find_editor({"VISUAL": "nosuch --wait", "EDITOR": "vi"})
    with pytest.raises(LibraryError, match=r"cannot find the editor '' \(\$EDITOR\)"):
        find_editor({"EDITOR": "''"})
    with pytest.raises(LibraryError, match=r"cannot find the editor '.*' \(\$EDITOR\)"):
        find_editor({"EDITOR": str(tmp_path)})  # a folder
    with pytest.raises(LibraryError, match=r"\$EDITOR cannot be read as a command"):
        find_editor({"EDITOR": "'unclosed"})


# --- the cache of last good versions --------------------------------------------------------


def test_templates_survive_the_round_trip_through_json() -> None:
    for path in EXAMPLES:
        template = load_file(path)
        assert template_from_dict(json.loads(json.dumps(template_to_dict(template)))) == template


def test_a_fresh_cache_skips_parsing_and_a_change_parses_again(tmp_path: Path) -> None:
    plan = tmp_path / "plan.yaml"
    plan.write_text(SMALL)
    first = TemplateCache(tmp_path / "cache")
    assert first.load(plan).template.name == "Small" and first.parsed == 1
    assert first.load(plan).template.name == "Small" and first.parsed == 1  # memory
    second = TemplateCache(tmp_path / "cache")  # a new start of planner
    assert second.load(plan).template == first.load(plan).template
    assert second.parsed == 0
    plan.write_text(SMALL.replace("Small", "Bigger"))
    assert second.load(plan).template.name == "Bigger" and second.parsed == 1


def test_a_broken_file_gives_the_last_good_version_with_its_problems(tmp_path: Path) -> None:
    plan = tmp_path / "plan.yaml"
    plan.write_text(SMALL)
    TemplateCache(tmp_path / "cache").load(plan)
    plan.write_text(SMALL + "  lisen: [a]\n")
    loaded = TemplateCache(tmp_path / "cache").load(plan)  # after a restart: from disk
    assert loaded.stale and loaded.template.name == "Small"
    assert f"{plan}:5:3: error: unknown rung 'lisen'" in loaded.warning()
    assert "last good version of 'Small'" in loaded.warning()
    never = tmp_path / "never.yaml"
    never.write_text("name: x\nladder:\n  lisen: [a]\n")
    with pytest.raises(TemplateError):
        TemplateCache(tmp_path / "cache").load(never)


def test_a_damaged_cache_file_is_ignored(tmp_path: Path) -> None:
    plan = tmp_path / "plan.yaml"
    plan.write_text(SMALL)
    cache = TemplateCache(tmp_path / "cache")
    cache.load(plan)
    for file in cache.folder.iterdir():
        file.write_text("{not json")
    again = TemplateCache(tmp_path / "cache")
    assert again.load(plan).template.name == "Small" and again.parsed == 1


def test_the_session_starts_on_the_last_good_template_with_a_warning(
    paths: Paths, clock: FakeClock
) -> None:
    mine = copy_template(examples_dir() / "linkedin-b2b.yaml", paths.template_dir, "mine")
    save_setting(paths.config_file, "default_template", "mine")
    session = Session(paths, load_settings(paths.config_file), clock=clock)
    good = session.template_for(TODAY)
    mine.write_text(mine.read_text().replace("minutes: 5", "minutes: five", 1))
    restarted = Session(paths, load_settings(paths.config_file), clock=clock)
    view = restarted.open_day(TODAY)
    assert view.stored and view.day.template == good.name
    [warning] = restarted.take_template_warnings()
    assert f"{mine}:" in warning and "minutes must be a whole number" in warning
    assert restarted.take_template_warnings() == []


# --- the JSON Schema ----------------------------------------------------------------------


def test_the_shipped_schema_file_is_the_generated_schema() -> None:
    assert (REPO / "schema" / "template.schema.json").read_text() == schema_text()
    assert schema_path().read_text() == schema_text()
    jsonschema.Draft202012Validator.check_schema(template_schema())


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda path: path.stem)
def test_examples_point_at_the_schema_and_follow_it(path: Path) -> None:
    first = path.read_text().splitlines()[0]
    assert first == "# yaml-language-server: $schema=../schema/template.schema.json"
    assert (path.parent / "../schema/template.schema.json").resolve() == schema_path().resolve()
    jsonschema.validate(yaml.safe_load(path.read_text()), template_schema())


@pytest.mark.parametrize(
    "text",
    [
        "name: x\nladder: {lisen: [a]}\n",
        "name: x\nbudjet_minutes: 5\nladder: {read: [a]}\n",
        "name: x\nladder: {read: [{title: a, minuts: 5}]}\n",
        "name: x\nladder: {read: [{title: a, days: [mon, fry]}]}\n",
        "name: x\nladder: {read: [{title: a, minutes: -1}]}\n",
        "ladder: {read: [a]}\n",
    ],
)
def test_the_schema_refuses_what_the_loader_refuses(text: str) -> None:
    with pytest.raises(TemplateError):
        load_text(text)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(yaml.safe_load(text), template_schema())


def test_template_schema_command_prints_the_schema() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "planner", "template", "schema"],
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ},
    )
    assert result.stdout == schema_text()


def test_new_modules_stay_free_of_textual() -> None:
    modules = ["planner.templates.library", "planner.templates.cache", "planner.templates.schema",
               "planner.templates.drift", "planner.cli.templates"]  # fmt: skip
    code = f"import sys; import {', '.join(modules)}; print('textual' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.stdout.strip() == "False", result.stderr


def test_a_fresh_cache_does_not_even_import_the_yaml_reader(paths: Paths, clock: FakeClock) -> None:
    Session(paths, Settings(), clock=clock).template_for(TODAY)  # fills the cache
    code = (
        "import sys, datetime\n"
        "from planner.config import Settings, resolve_paths\n"
        "from planner.session.work import Session\n"
        "session = Session(resolve_paths(), Settings())\n"
        "template = session.template_for(datetime.date(2026, 11, 24))\n"
        "reader = 'planner.templates.reader'\n"
        "print(template.name, session.day_templates.cache.parsed, reader in sys.modules)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.stdout.split("\n")[0] == "Daily marketing hour 0 False", result.stderr


def test_session_template_changed_reports_each_change_once(
    paths: Paths, clock: FakeClock, tmp_path: Path
) -> None:
    plan = tmp_path / "watched.yaml"
    plan.write_text(SMALL)
    session = Session(paths, Settings(), template_choice=str(plan), clock=clock)
    assert session.template_changed(TODAY) is None  # the first call notes the file
    assert session.template_changed(TODAY) is None  # unchanged
    plan.write_text("name: x\nladder:\n  lisen: [a]\n")  # broken, and never loaded before
    broken = session.template_changed(TODAY)
    assert broken is not None and broken.stale and broken.never_loaded
    assert "unknown rung 'lisen'" in broken.warning() and "Fix the template" in broken.warning()
    assert session.template_changed(TODAY) is None
    plan.write_text(SMALL.replace("Small", "Good"))
    good = session.template_changed(TODAY)
    assert good is not None and not good.stale and good.template.name == "Good"
    plan.write_text(SMALL + "  lisen: [a]\n")
    stale = session.template_changed(TODAY)
    assert stale is not None and stale.stale and not stale.never_loaded
    assert "last good version of 'Good'" in stale.warning()


def test_a_days_template_source_is_the_same_on_every_machine(
    paths: Paths, clock: FakeClock
) -> None:
    """Shipped and own templates are named relative to their folders, never by an absolute
    path that differs between machines (a synced day would flip between them)."""
    session = Session(paths, Settings(), clock=clock)
    assert session.open_day(TODAY).day.template_source == "examples/daily-marketing-hour.yaml"
    own = paths.template_dir / "light.yaml"
    own.parent.mkdir(parents=True, exist_ok=True)
    own.write_text("name: Light\nladder:\n  listen:\n    - Scan\n", encoding="utf-8")
    mine = Session(paths, Settings(), template_choice="light", clock=clock)
    assert mine.template_for(TODAY).source == "templates/light.yaml"
