"""The content pipeline (issue 18, deliverable 2): the stage rules, the ideas file (checked,
versioned, tombstones), `planner idea` with --json, a scheduled piece on its day's create
rung, undo, wins that name a piece and the review's re-share candidates, and the ideas
screen driven with Pilot."""

from __future__ import annotations

import json
from collections import Counter
from datetime import date, timedelta
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import Input

from planner.cli import main
from planner.config import Paths, resolve_paths
from planner.core.ideas import (
    Idea,
    Stage,
    StageError,
    draft,
    drop,
    make_idea,
    piece_tasks,
    pipeline,
    publish,
    schedule,
    unpublish,
)
from planner.core.ladder import Rung
from planner.core.model import Status
from planner.review.pieces import piece_figures
from planner.session.work import Session
from planner.store.changes import ChangedElsewhere
from planner.store.days import Store
from planner.store.idea_store import IDEAS_FILE, IdeaStore, UnknownIdea
from planner.store.records import StoreError
from planner.ui.app import PlannerApp
from planner.ui.screens.ideas import IdeasScreen
from planner.ui.screens.prompt import TextPrompt
from planner.ui.screens.today import TodayScreen
from tests.helpers import TODAY, FakeClock, make_app

STAMP = "2026-11-24T08:30:00+00:00"
LATER = "2026-11-24T09:00:00+00:00"
FRIDAY = date(2026, 11, 27)
PAST_DAY = "2026-11-20"
SIZE = (120, 40)


def an_idea(stage: Stage = Stage.IDEA, on: date | None = None) -> Idea:
    return Idea(id="idea-0123456789ab", title="Pricing post", stage=stage, on=on)


# --- the stage rules (pure) ---------------------------------------------------------------


def test_an_idea_moves_through_the_pipeline() -> None:
    idea = make_idea("  Post:  what a client\nasked ", STAMP, "LinkedIn")
    assert idea.id.startswith("idea-") and len(idea.id) == len("idea-") + 12
    assert (idea.title, idea.stage, idea.channel) == (
        "Post: what a client asked",
        Stage.IDEA,
        "LinkedIn",
    )
    drafting = draft(idea)
    assert drafting.stage is Stage.DRAFTING and drafting.on is None
    scheduled = schedule(drafting, FRIDAY)
    assert (scheduled.stage, scheduled.on, scheduled.channel) == (
        Stage.SCHEDULED,
        FRIDAY,
        "LinkedIn",
    )
    moved = schedule(scheduled, FRIDAY + timedelta(days=3), "Newsletter")
    assert (moved.on, moved.channel) == (FRIDAY + timedelta(days=3), "Newsletter")
    published = publish(moved, FRIDAY + timedelta(days=5), LATER, " https://ex.am/ple ")
    assert (published.stage, published.url, published.published_at) == (
        Stage.PUBLISHED,
        "https://ex.am/ple",
        LATER,
    )
    assert published.on == FRIDAY + timedelta(days=3), "published on its day, that had come"
    assert drop(published).stage is Stage.DROPPED


def test_an_idea_can_be_scheduled_without_a_draft_and_published_early() -> None:
    scheduled = schedule(an_idea(), FRIDAY)
    early = publish(scheduled, TODAY, STAMP)
    assert early.stage is Stage.PUBLISHED and early.on == TODAY, "published before its day"
    assert early.url is None, "the URL is optional"
    assert publish(early, TODAY, LATER, "https://later.example").url == "https://later.example"
    again = unpublish(early)
    assert (again.stage, again.on, again.published_at) == (Stage.SCHEDULED, TODAY, None)


def test_draft_takes_a_scheduled_piece_off_the_calendar() -> None:
    back = draft(schedule(an_idea(), FRIDAY))
    assert back.stage is Stage.DRAFTING and back.on is None


@pytest.mark.parametrize(
    ("stage", "move", "says"),
    [
        (Stage.DRAFTING, draft, "already being drafted"),
        (Stage.PUBLISHED, draft, "does not go back to drafting"),
        (Stage.PUBLISHED, lambda idea: schedule(idea, FRIDAY), "not scheduled again"),
        (Stage.IDEA, lambda idea: publish(idea, TODAY, STAMP), "schedule it for a day first"),
        (Stage.DRAFTING, lambda idea: publish(idea, TODAY, STAMP), "schedule it for a day first"),
        (Stage.PUBLISHED, lambda idea: publish(idea, TODAY, STAMP), "already published"),
        (Stage.DROPPED, draft, "was dropped"),
        (Stage.DROPPED, lambda idea: schedule(idea, FRIDAY), "was dropped"),
        (Stage.DROPPED, lambda idea: publish(idea, TODAY, STAMP), "was dropped"),
        (Stage.DROPPED, drop, "already dropped"),
    ],
)
def test_the_pipeline_refuses_other_moves(stage: Stage, move: object, says: str) -> None:
    on = FRIDAY if stage is Stage.PUBLISHED else None
    with pytest.raises(StageError, match=says):
        move(an_idea(stage, on))  # type: ignore[operator]


def test_a_title_is_needed_and_a_url_has_no_spaces() -> None:
    with pytest.raises(StageError, match="needs a title"):
        make_idea(" \n ", STAMP)
    with pytest.raises(StageError, match="no spaces"):
        publish(schedule(an_idea(), FRIDAY), TODAY, STAMP, "not a url")


def test_pieces_are_tasks_of_their_day_on_the_create_rung() -> None:
    scheduled = schedule(an_idea(), FRIDAY, "LinkedIn")
    other = Idea(id="idea-bbbbbbbbbbbb", title="Other", stage=Stage.DRAFTING)
    gone = Idea(id="idea-cccccccccccc", title="Gone", stage=Stage.SCHEDULED, on=FRIDAY,
                removed_at=STAMP)  # fmt: skip
    [task] = piece_tasks([scheduled, other, gone], FRIDAY)
    assert (task.id, task.title, task.rung, task.one_off) == (
        scheduled.id,
        "Publish: Pricing post",
        Rung.CREATE,
        True,
    )
    assert (task.channel, task.status) == ("LinkedIn", Status.OPEN)
    assert piece_tasks([scheduled], TODAY) == []
    [done] = piece_tasks([publish(scheduled, FRIDAY, STAMP)], FRIDAY)
    assert done.status is Status.DONE and done.done_at == STAMP


def test_the_pipeline_lists_by_stage_and_leaves_dropped_out() -> None:
    ideas = [
        Idea(id="idea-1", title="P", stage=Stage.PUBLISHED, on=TODAY, created_at="1"),
        Idea(id="idea-2", title="I", stage=Stage.IDEA, created_at="2"),
        Idea(id="idea-3", title="D", stage=Stage.DROPPED, created_at="3"),
        Idea(id="idea-4", title="S", stage=Stage.SCHEDULED, on=FRIDAY, created_at="4"),
    ]
    assert [idea.title for idea in pipeline(ideas)] == ["I", "S", "P"]
    assert [idea.title for idea in pipeline(ideas, Stage.DROPPED)] == ["D"]


# --- the ideas file -----------------------------------------------------------------------


def store_at(home: Path) -> IdeaStore:
    return IdeaStore(home, Store(home).locked)


def test_the_store_keeps_ideas_record_by_record(tmp_path: Path) -> None:
    store = store_at(tmp_path)
    first = store.put(make_idea("First", STAMP, "LinkedIn"))
    second = store.put(publish(schedule(make_idea("Second", STAMP), FRIDAY), TODAY, LATER, "u"))
    assert store.all_ideas() == {first.id: first, second.id: second}, "a round trip"
    data = json.loads((tmp_path / IDEAS_FILE).read_text())
    assert (data["format"], data["version"]) == ("planner-ideas", 1)
    assert data["ideas"][second.id]["on"] == TODAY.isoformat()
    store.put(Idea(**{**first.__dict__, "removed_at": LATER}))  # a tombstone
    assert [idea.id for idea in store.live_ideas()] == [second.id]
    assert "removed_at" in json.loads((tmp_path / IDEAS_FILE).read_text())["ideas"][first.id]
    with pytest.raises(UnknownIdea):
        store.idea(first.id)
    assert not list(tmp_path.glob(".*.tmp")), "written atomically: no temporary left"


def test_a_version_1_file_written_by_hand_reads(tmp_path: Path) -> None:
    record = {
        "id": "idea-aaaaaaaaaaaa",
        "title": "By hand",
        "stage": "scheduled",
        "on": "2026-12-01",
    }
    (tmp_path / IDEAS_FILE).write_text(
        json.dumps({"format": "planner-ideas", "version": 1, "ideas": {record["id"]: record}})
    )
    [idea] = store_at(tmp_path).live_ideas()
    assert (idea.title, idea.stage, idea.on, idea.url) == (
        "By hand",
        Stage.SCHEDULED,
        date(2026, 12, 1),
        None,
    )


@pytest.mark.parametrize(
    ("data", "says"),
    [
        ({"format": "planner-ideas", "version": 2, "ideas": {}}, "version 2; this one reads"),
        ({"format": "planner-items", "version": 1, "ideas": {}}, "not a planner ideas file"),
        (
            {"format": "planner-ideas", "version": 1, "ideas": {"idea-x": {"id": "idea-x"}}},
            "field 'title'",
        ),
        (
            {
                "format": "planner-ideas",
                "version": 1,
                "ideas": {"idea-x": {"id": "idea-x", "title": "T", "stage": "posted"}},
            },
            "field 'stage'",
        ),
        (
            {
                "format": "planner-ideas",
                "version": 1,
                "ideas": {"idea-x": {"id": "idea-x", "title": "T", "stage": "scheduled"}},
            },
            "needs its day",
        ),
    ],
)
def test_a_file_planner_cannot_trust_is_refused_and_kept(
    tmp_path: Path, data: dict[str, object], says: str
) -> None:
    path = tmp_path / IDEAS_FILE
    path.write_text(json.dumps(data))
    store = store_at(tmp_path)
    with pytest.raises(StoreError, match=says):
        store.live_ideas()
    with pytest.raises(StoreError):
        store.put(make_idea("New", STAMP))
    assert json.loads(path.read_text()) == data, "never written over"


# --- the session: undo, the day's view, the checklist's done ------------------------------


def test_undo_takes_an_idea_change_back_and_redo_makes_it_again(session: Session) -> None:
    idea = session.add_idea("Pricing post")
    session.schedule_idea(idea.id, TODAY, "LinkedIn")
    step, _ = session.undo(TODAY)
    assert step.label == "schedule · Pricing post"
    assert session.ideas.idea(idea.id).stage is Stage.IDEA
    session.redo(TODAY)
    assert session.ideas.idea(idea.id).stage is Stage.SCHEDULED
    session.undo(TODAY)
    session.undo(TODAY)  # the add: a tombstone
    assert session.ideas.live_ideas() == []
    assert session.ideas.all_ideas()[idea.id].removed_at is not None
    assert session.store.load_day(TODAY) is None, "no day file written for an idea"


def test_undo_leaves_an_idea_changed_elsewhere_alone(session: Session, paths: Paths) -> None:
    idea = session.add_idea("Pricing post")
    session.draft_idea(idea.id)
    store_at(paths.data_dir).change(idea.id, lambda found: schedule(found, FRIDAY))  # elsewhere
    with pytest.raises(ChangedElsewhere):
        session.undo(TODAY)
    assert session.ideas.idea(idea.id).stage is Stage.SCHEDULED


def test_a_scheduled_piece_is_done_on_its_day_and_published(session: Session) -> None:
    idea = session.add_idea("Pricing post")
    session.schedule_idea(idea.id, TODAY)
    tasks = session.open_day(TODAY).day.tasks
    task = next(task for task in tasks if task.id == idea.id)
    assert task.rung is Rung.CREATE and task.one_off and task.title == "Publish: Pricing post"
    done, _ = session.toggle_done(TODAY, idea.id)
    assert done.status is Status.DONE
    assert session.ideas.idea(idea.id).stage is Stage.PUBLISHED
    stored = session.store.load_day(TODAY)
    assert stored is not None and idea.id not in [task.id for task in stored.tasks]
    session.toggle_done(TODAY, idea.id)  # open again: scheduled
    assert session.ideas.idea(idea.id).stage is Stage.SCHEDULED
    with pytest.raises(StageError, match="space publishes it"):
        session.skip_task(TODAY, idea.id)


def test_the_review_counts_a_pieces_wins_and_offers_old_ones_again(session: Session) -> None:
    old_day, new_day = TODAY - timedelta(days=120), TODAY - timedelta(days=10)
    pieces = []
    for title, day in (("Old hit", old_day), ("Old miss", old_day), ("New", new_day)):
        piece = session.add_idea(title)
        session.schedule_idea(piece.id, day)
        pieces.append(session.publish_idea(piece.id, "https://example.com/" + title[:3]))
    hit, miss, new = pieces
    assert hit.on == old_day, "published on its day, which had come"
    session.add_outcome(old_day + timedelta(days=2), "win", "a lead", None, piece=hit.id)
    session.add_outcome(new_day, "win", "two leads", None, piece=new.id)
    session.add_outcome(TODAY, "win", "no piece", None)
    figures, problems = session.piece_review()
    assert problems == []
    by_id = {piece.id: piece for piece in figures}
    assert figures[0].id == new.id, "newest first"
    assert {piece.id for piece in figures[1:]} == {hit.id, miss.id}
    assert (by_id[hit.id].wins, by_id[hit.id].reshare) == (1, True)
    assert (by_id[miss.id].wins, by_id[miss.id].reshare) == (0, False), "no win: not again"
    assert (by_id[new.id].wins, by_id[new.id].reshare) == (1, False), "not 90 days old"


def test_only_the_most_winning_old_pieces_are_re_share_candidates() -> None:
    old = TODAY - timedelta(days=200)
    ideas = [Idea(id=f"idea-{n}", title=str(n), stage=Stage.PUBLISHED, on=old) for n in range(5)]
    wins = Counter({f"idea-{n}": n for n in range(5)})
    again = [piece.id for piece in piece_figures(ideas, wins, TODAY) if piece.reshare]
    assert sorted(again) == ["idea-2", "idea-3", "idea-4"]


# --- the command line ---------------------------------------------------------------------


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def listed(capsys: pytest.CaptureFixture[str], *options: str) -> list[dict[str, object]]:
    code, out, _ = run(capsys, "idea", "list", "--json", *options)
    assert code == 0
    data: list[dict[str, object]] = json.loads(out)
    return data


def test_the_idea_command_moves_an_idea_on(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "idea", "Post: pricing", "--channel", "LinkedIn")
    assert code == 0
    idea_id = out.strip()
    assert idea_id.startswith("idea-")
    [record] = listed(capsys)
    assert {"id", "title", "stage", "channel", "on", "url", "updated_at"} <= set(record)
    assert (record["id"], record["stage"], record["channel"]) == (idea_id, "idea", "LinkedIn")
    assert run(capsys, "idea", "draft", idea_id)[0] == 0
    code, out, _ = run(capsys, "idea", "schedule", idea_id, "--date", PAST_DAY, "--channel", "X")
    assert code == 0 and "scheduled 2026-11-20" in out
    assert run(capsys, "idea", "publish", idea_id, "--url", "https://ex.am/p")[0] == 0
    [record] = listed(capsys, "--stage", "published")
    assert (record["on"], record["url"], record["channel"]) == (PAST_DAY, "https://ex.am/p", "X")
    assert listed(capsys, "--stage", "idea") == []
    assert run(capsys, "idea", "drop", idea_id)[0] == 0
    assert listed(capsys) == [], "dropped ideas are left out of the list"
    assert [record["id"] for record in listed(capsys, "--stage", "dropped")] == [idea_id]


def test_a_refused_move_is_said_and_changes_nothing(capsys: pytest.CaptureFixture[str]) -> None:
    idea_id = run(capsys, "idea", "Post")[1].strip()
    code, _, err = run(capsys, "idea", "publish", idea_id)
    assert code == 1 and "schedule it for a day first" in err
    assert listed(capsys)[0]["stage"] == "idea"
    code, _, err = run(capsys, "idea", "draft", "idea-000000000000")
    assert code == 1 and "no idea 'idea-000000000000'" in err


@pytest.mark.parametrize(
    ("argv", "says"),
    [
        (["idea", "draft"], "give the ID"),
        (["idea", "schedule", "idea-1"], "--on D"),
        (["idea", "draft", "idea-1", "--url", "u"], "--url goes with idea publish only"),
        (["idea", "list", "--on", "fri"], "--on goes with idea schedule only"),
        (["idea", "Two", "words"], "one title only"),
        (["idea", "list", "extra"], "takes no 'extra'"),
    ],
)
def test_usage_errors_say_the_form(
    capsys: pytest.CaptureFixture[str], argv: list[str], says: str
) -> None:
    code, _, err = run(capsys, *argv)
    assert code == 2 and says in err and "usage: planner idea TITLE" in err


def test_a_title_that_is_an_action_word_is_given_after_new(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert run(capsys, "idea", "new", "list")[0] == 0
    assert [record["title"] for record in listed(capsys)] == ["list"]


def test_a_scheduled_piece_is_on_its_days_create_rung_in_today_json(
    capsys: pytest.CaptureFixture[str],
) -> None:
    idea_id = run(capsys, "idea", "Pricing post", "--channel", "LinkedIn")[1].strip()
    run(capsys, "idea", "schedule", idea_id, "--on", PAST_DAY)
    code, out, _ = run(capsys, "today", "--date", PAST_DAY, "--json")
    assert code == 0
    tasks = json.loads(out)["tasks"]
    piece = next(task for task in tasks if task["id"] == idea_id)
    assert (piece["rung"], piece["one_off"], piece["status"]) == ("create", True, "open")
    assert piece["title"] == "Publish: Pricing post" and piece["channel"] == "LinkedIn"
    rungs = [task["rung"] for task in tasks]
    assert rungs.index("create") <= tasks.index(piece), "after the template's create tasks"
    assert rungs[tasks.index(piece) + 1 :].count("create") == 0
    other = json.loads(run(capsys, "today", "--date", "2026-11-19", "--json")[1])["tasks"]
    assert idea_id not in [task["id"] for task in other]
    assert run(capsys, "done", idea_id, "--date", PAST_DAY)[0] == 0
    assert listed(capsys)[0]["stage"] == "published"


def test_a_win_names_a_piece_and_the_review_lists_it(capsys: pytest.CaptureFixture[str]) -> None:
    idea_id = run(capsys, "idea", "Pricing post")[1].strip()
    run(capsys, "idea", "schedule", idea_id, "--on", PAST_DAY)
    run(capsys, "idea", "publish", idea_id, "--url", "https://ex.am/p")
    code, out, _ = run(capsys, "win", "3 leads", "--piece", idea_id, "--date", PAST_DAY)
    assert code == 0 and idea_id in out
    code, _, err = run(capsys, "win", "x", "--piece", "idea-000000000000", "--date", PAST_DAY)
    assert code == 1 and "no idea" in err
    code, out, _ = run(capsys, "review", "--json")
    assert code == 0
    [piece] = json.loads(out)["pieces"]
    assert piece == {
        "id": idea_id,
        "title": "Pricing post",
        "published_on": PAST_DAY,
        "url": "https://ex.am/p",
        "channel": None,
        "wins": 1,
        "reshare": False,
    }
    code, out, _ = run(capsys, "review")
    assert "Published pieces and their wins" in out and "1 win  Pricing post" in out


# --- the app ------------------------------------------------------------------------------


async def answer(pilot: Pilot[None], text: str) -> None:
    """Replace the text of the open TextPrompt and press enter."""
    assert isinstance(pilot.app.screen, TextPrompt)
    pilot.app.screen.query_one(Input).value = text
    await pilot.press("enter")
    await pilot.pause()


def on_disk(paths: Paths) -> list[dict[str, object]]:
    data = json.loads((paths.data_dir / IDEAS_FILE).read_text())
    return list(data["ideas"].values())


async def test_the_ideas_screen_moves_an_idea_through_the_pipeline(
    paths: Paths, clock: FakeClock, plan_file: Path
) -> None:
    app = make_app(paths, clock, plan_file)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("i")
        screen = app.screen
        assert isinstance(screen, IdeasScreen)
        await pilot.press("n")
        await answer(pilot, "Pricing post")
        [record] = on_disk(paths)
        assert (record["title"], record["stage"]) == ("Pricing post", "idea")
        await pilot.press("d")
        assert on_disk(paths)[0]["stage"] == "drafting"
        await pilot.press("s")
        await answer(pilot, TODAY.isoformat())
        await answer(pilot, "LinkedIn")
        [record] = on_disk(paths)
        assert (record["stage"], record["on"], record["channel"]) == (
            "scheduled",
            TODAY.isoformat(),
            "LinkedIn",
        )
        await pilot.press("p")
        await answer(pilot, "https://example.com/pricing")
        [record] = on_disk(paths)
        assert (record["stage"], record["url"]) == ("published", "https://example.com/pricing")
        await pilot.press("delete")
        assert on_disk(paths)[0]["stage"] == "dropped"
        assert screen.ideas == [], "a dropped idea leaves the list"
        await pilot.press("q")
        await pilot.pause()
        assert isinstance(app.screen, TodayScreen)


async def test_the_ideas_screen_says_a_refused_move_and_asks_nothing(
    paths: Paths, clock: FakeClock, plan_file: Path
) -> None:
    app = make_app(paths, clock, plan_file)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("i", "n")
        await answer(pilot, "Pricing post")
        await pilot.press("p")
        assert isinstance(app.screen, IdeasScreen), "no URL asked of an unscheduled idea"
        assert any("schedule it for a day first" in str(n.message) for n in app._notifications)
        assert on_disk(paths)[0]["stage"] == "idea"
        await pilot.press("escape")
        assert isinstance(app.screen, TodayScreen)


async def test_space_on_a_scheduled_piece_asks_its_url_and_publishes_it(
    paths: Paths, clock: FakeClock, plan_file: Path, session: Session
) -> None:
    idea = session.add_idea("Pricing post")
    session.schedule_idea(idea.id, TODAY)
    app: PlannerApp = make_app(paths, clock, plan_file)
    async with app.run_test(size=SIZE) as pilot:
        screen = app.screen
        assert isinstance(screen, TodayScreen)
        screen.checklist.move_to(idea.id)
        await pilot.press("space")
        assert isinstance(app.screen, TextPrompt), "the URL is asked first"
        await answer(pilot, "https://example.com/p")
        await pilot.pause()
        [record] = on_disk(paths)
        assert (record["stage"], record["url"]) == ("published", "https://example.com/p")
        assert screen.day.task(idea.id).status is Status.DONE
        await pilot.press("u")  # the checklist's undo takes the publishing back
        await pilot.pause()
        assert on_disk(paths)[0]["stage"] == "scheduled"


def test_the_review_prints_without_pieces_when_the_ideas_file_is_broken(
    capsys: pytest.CaptureFixture[str],
) -> None:
    (resolve_paths().data_dir / IDEAS_FILE).parent.mkdir(parents=True, exist_ok=True)
    (resolve_paths().data_dir / IDEAS_FILE).write_text("{not json")
    code, out, err = run(capsys, "review", "--json")
    assert code == 0 and json.loads(out)["pieces"] == []
    assert "skipped for the pieces" in err and IDEAS_FILE in err
