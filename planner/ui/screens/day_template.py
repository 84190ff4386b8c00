"""The checklist's template keys: `E` (the day's template in the user's editor), `S` (sync
the day with its template) and the watch on the template file. Kept out of the templates
screen's module so that opening the checklist does not load that screen."""

from __future__ import annotations

from pathlib import Path

from textual.app import App, SuspendNotSupported

from planner.core.plan import SyncResult
from planner.errors import PlannerError
from planner.templates.library import copy_template, find_editor, is_shipped, run_editor
from planner.ui.screens.day_screen import DayScreen


def editor_found(app: App[object]) -> bool:
    """Whether $VISUAL/$EDITOR names an editor that can be found; says what to set if not."""
    try:
        find_editor()
    except PlannerError as error:
        app.notify(str(error), title="Editor", severity="error", timeout=10)
        return False
    return True


def edit_outside(app: App[object], path: Path) -> bool:
    """Suspend the app, open ``path`` in $VISUAL/$EDITOR, then check it and say how it is.
    Returns True when the file holds a valid template afterwards.

    The editor is looked for before the app is suspended, and nothing may escape the
    ``suspend()`` block: Textual does not resume the app when that block raises, which
    leaves a blank screen that echoes every key."""
    from planner.templates.reader import check_file
    from planner.ui.suspend import while_suspended

    if not editor_found(app):
        return False
    failure: str | None = None
    ran = False
    try:
        code = while_suspended(app, lambda: run_editor(path))
    except PlannerError as error:  # it could not be started
        failure = str(error)
    except KeyboardInterrupt:  # Ctrl+C in the terminal reaches planner too
        failure = "the editor was interrupted"
    except SuspendNotSupported:
        app.notify("This terminal cannot hand over to another editor.", severity="error")
        return False
    else:
        ran = True
        if code != 0:
            failure = f"the editor exited with status {code}"
    if failure is not None:
        app.notify(failure, title="Editor", severity="error", timeout=10)
    if not ran:
        return False
    result = check_file(path)  # after a failed exit too: the file may have been saved
    if result.template is None:
        shown = "\n".join(str(p) for p in result.errors[:5])
        app.notify(shown, title=f"{path.name} has errors", severity="error", timeout=15)
        return False
    app.notify(f"{path.name}: ok ({len(result.template.tasks)} tasks).", title="Template checked")
    return True


def edit_day_template(screen: DayScreen) -> None:
    """`E` on the checklist: the day's template in the user's editor. A shipped example is
    first copied into the user's folder under the same name (which then wins over it), once
    the editor is known to be there."""
    session = screen.session
    if not editor_found(screen.app):
        return
    try:
        path = session.template_path_for(screen.date)
        if is_shipped(path):
            path = copy_template(path, session.paths.template_dir, path.stem, keep_name=True)
            screen.notify(f"The shipped example was copied to {path}: edit your own copy.")
    except PlannerError as error:
        screen.notify(str(error), title="Template", severity="error", timeout=10)
        return
    edit_outside(screen.app, path)
    session.template_changed(screen.date)  # already reported: the watch need not say it again


def watch_day_template(screen: DayScreen) -> None:
    """Every few seconds: when the day's template file changed, say whether it loaded or
    what is wrong with it (the last good version stays in use)."""
    loaded = screen.session.template_changed(screen.date)
    if loaded is None:
        return
    if loaded.stale:
        screen.notify(loaded.warning(), title="Template has errors", severity="error", timeout=15)
        return
    screen.notify(
        f"'{loaded.template.name}' changed on disk and was reloaded. Today keeps its tasks; "
        "S syncs it with the template.",
        title="Template reloaded",
    )


def show_template_warnings(screen: DayScreen) -> None:
    for warning in screen.session.take_template_warnings():
        screen.notify(warning, title="Template has errors", severity="error", timeout=15)


def ask_sync(screen: DayScreen) -> None:
    """`S`: show what syncing the day with its template changes, and do it when confirmed."""
    session, day = screen.session, screen.date
    try:
        preview = session.sync_preview(day)
    except PlannerError as error:
        screen.notify(str(error), title="Not synced", severity="warning", timeout=10)
        return
    finally:
        show_template_warnings(screen)
    if not preview.changes:
        screen.notify(preview.summary(), title="Sync with the template")
        return

    def answered(yes: bool | None) -> None:
        if yes:  # written in line with the checklist's other changes
            screen.changes.change(session.sync_day, synced)

    def synced(result: SyncResult) -> None:
        screen.notify(
            f"{len(result.added)} added, {len(result.removed)} removed, "
            f"{len(result.updated)} updated.",
            title="Synced with the template",
        )

    from planner.ui.screens.confirm import Confirm  # dialogs load when first asked

    question = (
        f"Sync {day:%a %d %b} with '{preview.day.template}'? Work done is kept.\n\n"
        f"{preview.summary()}"
    )
    screen.app.push_screen(Confirm(question, yes="Sync", no="Cancel"), answered)
