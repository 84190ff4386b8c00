"""The checklist and the content pipeline: `i` opens the ideas screen, and space on a
scheduled piece (a task ``Publish: …`` on the create rung) asks its URL (optional) before
it is marked published. Space on a published piece opens it again, as on any task; on a day
that has not come, the usual refusal is said. Kept here so that the checklist screen only
hooks in (it imports this module, not the other way round)."""

from __future__ import annotations

from planner.core.ideas import Stage, is_idea_id, url_problem
from planner.errors import PlannerError
from planner.ui.screens.day_screen import DayScreen


def open_ideas(screen: DayScreen) -> None:
    """`i`: the ideas screen; back on the checklist, the day as it is on disk now (a piece
    may have been scheduled on it)."""
    from planner.ui.screens.ideas import IdeasScreen  # loaded when first wanted

    def back(_: None = None) -> None:
        screen.changes.change(lambda day: None)  # writes nothing: the day shown again

    screen.app.push_screen(IdeasScreen(screen.session), back)


def asks_url(screen: DayScreen, task_id: str) -> bool:
    """Space on ``task_id``: True when it is a scheduled piece, whose URL is asked first
    (then it is published, through the change line); False for every other task."""
    if not is_idea_id(task_id) or screen.date > screen.session.today():
        return False
    try:
        idea = screen.session.ideas.idea(task_id)
    except PlannerError:
        return False  # taken back meanwhile: the usual path says so
    if idea.stage is not Stage.SCHEDULED:
        return False

    from planner.ui.screens.prompt import TextPrompt  # dialogs load when first asked

    def answered(url: str | None) -> None:
        if url is None:
            return  # cancelled: not published
        session = screen.session
        screen.changes.change(lambda day: session.publish_idea(task_id, url or None, day))

    question = f"Published “{idea.title}”? Its URL (optional: enter to leave it out):"
    prompt = TextPrompt(question, placeholder="https://…", validate=url_problem)
    screen.app.push_screen(prompt, answered)
    return True
