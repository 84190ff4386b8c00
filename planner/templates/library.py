"""Where templates live, and what a user does to them as files: find, list, copy, rename,
delete, save (with a backup), and open in their own editor. What the templates screen and
`planner template list` show of each one is planner.templates.listing's.

Imports no YAML at module level: finding the day's template must stay cheap when its
compiled copy is fresh (see ``planner.templates.cache``).

Choices:

- Shipped examples are never written: new templates are copies in the user's folder, and
  rename, delete and save refuse a shipped file.
- A name typed by the user becomes the file name as a slug ("Light Friday" ->
  ``light-friday.yaml``) and the template's ``name:`` as typed.
- Saving keeps the file as it was in ``<name>.yaml.bak`` and refuses text with errors; a
  rename takes that backup along, a delete removes it.
- Copies point their ``yaml-language-server`` comment at the installed schema file by an
  absolute path (a relative one would break once the copy leaves ``examples/``).
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING

from planner.errors import PlannerError
from planner.resources import shipped_dir
from planner.store.files import backup_path, write_atomically

if TYPE_CHECKING:
    from planner.templates.reader import LoadResult

DEFAULT_TEMPLATE = "daily-marketing-hour"
SCHEMA_FILE = "template.schema.json"
SCHEMA_COMMENT = "# yaml-language-server: $schema="
_SCHEMA_LINE = re.compile(r"^# yaml-language-server: \$schema=.*$", re.MULTILINE)
_NAME_LINE = re.compile(r"^name:.*$", re.MULTILINE)
_PLAIN_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9 ._()/+-]*$")


class LibraryError(PlannerError):
    """A file operation on templates that cannot be done; the message says why."""


class TemplateNotFound(PlannerError):
    """No file or template of that name; the message lists the names that exist."""

    def __init__(self, name: str, available: list[str], user_dir: Path) -> None:
        self.name = name
        self.available = available
        from planner.templates.yaml_nodes import suggestion  # the error path may import YAML

        hint = suggestion(name, available)
        names = ", ".join(available) or "none"
        super().__init__(
            f"no template '{name}'{hint}. Templates: {names}. "
            f"Give one of these names or the path of a .yaml file "
            f"(your own templates go in {user_dir})."
        )


# --- where templates are --------------------------------------------------------------


def examples_dir() -> Path:
    """The shipped examples."""
    return shipped_dir("examples")


def schema_path() -> Path:
    """The shipped JSON Schema of the template format."""
    return shipped_dir("schema") / SCHEMA_FILE


def find_template(name_or_path: str, user_dir: Path) -> Path:
    """An existing file, else the user's template of that name, else a shipped one."""
    if _is_file(Path(name_or_path).expanduser()):
        return Path(name_or_path).expanduser()
    for folder in (user_dir, examples_dir()):
        for suffix in (".yaml", ".yml"):
            candidate = folder / f"{name_or_path}{suffix}"
            if _is_file(candidate):
                return candidate
    from planner.templates.names import template_slug  # a name that is no file: not at start-up

    templates = available_templates(user_dir)
    wanted = template_slug(name_or_path)  # "Daily Marketing Hour" finds daily-marketing-hour
    for name, path, _ in templates:
        if template_slug(name) == wanted:
            return path
    raise TemplateNotFound(name_or_path, [name for name, _, _ in templates], user_dir)


def available_templates(user_dir: Path) -> list[tuple[str, Path, bool]]:
    """(name, path, is_user): the user's first, then shipped ones not overridden by name."""
    user = _yaml_files(user_dir)
    shipped = _yaml_files(examples_dir())
    return [(name, path, True) for name, path in user.items()] + [
        (name, path, False) for name, path in shipped.items() if name not in user
    ]


def portable_source(path: Path, user_dir: Path) -> str:
    """The template file as every machine names it (a day stores it, and days are synced):
    ``examples/NAME.yaml`` for a shipped one, ``templates/NAME.yaml`` for one of the user's
    folder, else the path as given (a file named on this machine's command line)."""
    if is_shipped(path):
        return f"examples/{path.name}"
    try:
        return f"templates/{path.resolve().relative_to(user_dir.resolve()).as_posix()}"
    except (ValueError, OSError):
        return str(path)


def is_shipped(path: Path) -> bool:
    try:
        return path.resolve().parent == examples_dir().resolve()
    except OSError:
        return False


def _yaml_files(folder: Path) -> dict[str, Path]:
    try:
        files = sorted(folder.iterdir())
    except OSError:
        return {}
    found: dict[str, Path] = {}
    for path in files:
        # sorted() puts name.yaml before name.yml: .yaml wins, as in find_template
        is_yaml = path.suffix.lower() in (".yaml", ".yml") and not path.name.startswith(".")
        if is_yaml and path.stem not in found and _is_file(path):
            found[path.stem] = path
    return found


def _is_file(path: Path) -> bool:
    try:
        return path.is_file()
    except (OSError, ValueError):  # e.g. a NUL byte in a name typed on the command line
        return False


# --- changing files ---------------------------------------------------------------------


def user_path(user_dir: Path, name: str) -> Path:
    """The file a new template called ``name`` gets; refuses a name that is taken."""
    from planner.templates.names import template_slug

    slug = template_slug(name)
    for suffix in (".yaml", ".yml"):
        if (user_dir / f"{slug}{suffix}").exists():
            raise LibraryError(f"you already have a template '{slug}'; choose another name")
    return user_dir / f"{slug}.yaml"


def with_schema_comment(text: str, schema: Path | str) -> str:
    """``text`` whose first line points editors at ``schema``."""
    line = f"{SCHEMA_COMMENT}{schema}"
    if _SCHEMA_LINE.search(text):
        return _SCHEMA_LINE.sub(lambda _: line, text, count=1)
    return f"{line}\n{text}"


def with_name(text: str, name: str) -> str:
    """``text`` whose top-level ``name:`` line reads ``name`` (added when missing)."""
    shown = name.strip() if _PLAIN_NAME.match(name.strip()) else json.dumps(name.strip())
    line = f"name: {shown}"
    if _NAME_LINE.search(text):
        return _NAME_LINE.sub(lambda _: line, text, count=1)
    return f"{line}\n{text}"


def copy_template(source: Path, user_dir: Path, name: str, *, keep_name: bool = False) -> Path:
    """A new template of the user's called ``name``, copied from ``source`` (an example or
    one of theirs); returns its path. The source is only read. ``keep_name`` keeps the
    ``name:`` line as it was (a copy that stands in for a shipped example)."""
    target = user_path(user_dir, name)
    text = _read(source)
    if not keep_name:
        text = with_name(text, name)
    text = with_schema_comment(text, schema_path().resolve())
    _write(target, text)
    return target


def rename_template(path: Path, user_dir: Path, name: str) -> Path:
    """Give one of the user's templates a new file name and ``name:``; returns the new path.
    Its backup (``<name>.yaml.bak``, the version before the last save) follows it."""
    _require_users(path, "renamed")
    target = user_path(user_dir, name)
    _write(target, with_name(_read(path), name))
    backup = backup_path(path)
    if backup.is_file():
        try:
            os.replace(backup, backup_path(target))
        except OSError as error:
            target.unlink(missing_ok=True)  # as it was: the old file and its backup
            raise LibraryError(
                f"{backup}: cannot move the backup along: {error.strerror or error}"
            ) from error
    path.unlink()
    return target


def delete_template(path: Path) -> None:
    """Remove one of the user's templates (its backup goes too)."""
    _require_users(path, "deleted")
    path.unlink()
    backup_path(path).unlink(missing_ok=True)


def save_template_text(path: Path, text: str) -> LoadResult:
    """Write ``text`` over one of the user's templates, atomically, keeping the old file as
    ``<name>.yaml.bak``. Text with errors is refused (TemplateError lists them)."""
    from planner.templates.reader import TemplateError, check_text

    _require_users(path, "saved")
    result = check_text(text, str(path))
    if result.template is None:
        raise TemplateError(result.problems, str(path))
    try:
        old = path.read_bytes()
    except FileNotFoundError:
        old = None
    except OSError as error:
        raise LibraryError(f"{path}: cannot read the file: {error.strerror}") from error
    try:
        if old is not None:
            write_atomically(backup_path(path), old)
        write_atomically(path, text.encode("utf-8"))
    except OSError as error:
        raise LibraryError(f"{path}: not saved: {error.strerror or error}") from error
    return result


def _require_users(path: Path, done: str) -> None:
    if is_shipped(path):
        raise LibraryError(
            f"{path.name} is a shipped example and cannot be {done}; "
            "make a copy of your own first (new from example)"
        )


def _read(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise LibraryError(f"{path}: cannot read the file: {error}") from error


def _write(path: Path, text: str) -> None:
    try:
        write_atomically(path, text.encode("utf-8"))
    except OSError as error:
        raise LibraryError(f"{path}: cannot write the file: {error.strerror or error}") from error


# --- the user's own editor --------------------------------------------------------------


def editor_command(environ: Mapping[str, str] | None = None) -> list[str]:
    """$VISUAL, else $EDITOR, split like a shell would; an error when neither is set."""
    return _editor_setting(os.environ if environ is None else environ)[1]


def _editor_setting(env: Mapping[str, str]) -> tuple[str, list[str]]:
    """The variable that names the editor ("VISUAL" or "EDITOR") and its command, split."""
    import shlex

    for variable in ("VISUAL", "EDITOR"):
        command = env.get(variable, "").strip()
        if command:
            try:
                return variable, shlex.split(command)
            except ValueError as error:  # an unclosed quote
                raise LibraryError(f"${variable} cannot be read as a command: {error}") from error
    raise LibraryError("set $VISUAL or $EDITOR to the editor to use (e.g. export EDITOR=nano)")


def find_editor(environ: Mapping[str, str] | None = None) -> list[str]:
    """The editor's command, as `editor_command`, once its program is found: a name on the
    PATH, or a path to an executable file. An error saying what to set when it is not, so
    that the caller can tell before handing the terminal over (or copying anything)."""
    import shutil

    variable, command = _editor_setting(os.environ if environ is None else environ)
    program = command[0] if command else ""
    if program and shutil.which(program) is not None:  # a path with a "/" is checked as is
        return command
    raise LibraryError(
        f"cannot find the editor {program!r} (${variable}): set ${variable} to an installed "
        f"editor, by name or full path (e.g. export {variable}=nano)"
    )


def run_editor(path: Path, environ: Mapping[str, str] | None = None) -> int:
    """Open ``path`` in the user's editor and wait for it; returns the editor's exit code."""
    import subprocess

    command = [*find_editor(environ), str(path)]
    try:
        return subprocess.run(command, check=False).returncode
    except OSError as error:
        raise LibraryError(f"cannot start the editor {command[0]!r}: {error}") from error
