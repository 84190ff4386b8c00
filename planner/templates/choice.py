"""Which template a day uses, and its last good version.

``--template`` wins, then the weekday ``schedule`` of the settings, then their
``default_template``, then the shipped default. Templates load through the cache of last
good versions (``planner.templates.cache``): a file broken on disk gives its last good
version and a warning, kept until someone shows it.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from planner.config import Paths, Settings
from planner.core.model import WEEKDAYS, Template
from planner.errors import PlannerError
from planner.store.files import file_key
from planner.templates.library import DEFAULT_TEMPLATE, find_template, portable_source

if TYPE_CHECKING:
    from planner.templates.cache import Loaded, TemplateCache


class DayTemplates:
    """The templates of one planner: the choice given on the command line (``choice``), the
    cache, warnings not yet shown, and the template files as last seen."""

    def __init__(self, paths: Paths, choice: str | None = None) -> None:
        self.paths = paths
        self.choice = choice
        self.warnings: list[str] = []
        self._keys: dict[Path, str | None] = {}

    @cached_property
    def cache(self) -> TemplateCache:
        """Made when first needed: reopening a stored day needs no template."""
        from planner.templates.cache import TemplateCache  # YAML-free, but not needed yet

        return TemplateCache(self.paths.cache_dir)

    def name_for(self, day: date, settings: Settings) -> str:
        if self.choice:
            return self.choice
        scheduled = settings.schedule.get(WEEKDAYS[day.weekday()])
        return scheduled or settings.default_template or DEFAULT_TEMPLATE

    def path_for(self, day: date, settings: Settings) -> Path:
        """The file of the day's template; raises TemplateNotFound."""
        return find_template(self.name_for(day, settings), self.paths.template_dir)

    def template_for(self, day: date, settings: Settings) -> Template:
        """The day's template, or its last good version (with a warning kept in
        ``warnings``). Raises TemplateNotFound, or TemplateError when no version of the
        file ever loaded."""
        path = self.path_for(day, settings)
        loaded = self.cache.load(path)
        if loaded.stale:
            self.warnings.append(loaded.warning())
        # The same on every machine: a day's template_source must not flip on each sync.
        return replace(loaded.template, source=portable_source(path, self.paths.template_dir))

    def take_warnings(self) -> list[str]:
        """Warnings about broken template files since the last call (shown once)."""
        warnings, self.warnings = self.warnings, []
        return warnings

    def changed(self, day: date, settings: Settings) -> Loaded | None:
        """The day's template reloaded when its file changed since the last call (the first
        call only notes the file); None when it did not change or cannot be found."""
        try:
            path = self.path_for(day, settings)
        except PlannerError:
            return None
        first, key = path not in self._keys, file_key(path)
        seen, self._keys[path] = self._keys.get(path), key
        if first or key == seen or key is None:
            return None
        try:
            return self.cache.load(path)
        except PlannerError as error:  # broken, and never loaded: nothing to fall back on
            from planner.templates.cache import Loaded  # not before: a reopened day needs none
            from planner.templates.reader import TemplateError

            problems = error.problems if isinstance(error, TemplateError) else []
            return Loaded(Template(path.stem, ()), problems, stale=True, never_loaded=True)
