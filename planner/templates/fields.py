"""A template's fields read out of its YAML nodes, each checked, every problem with its
line and column (``planner.templates.reader`` runs this on a file's text)."""

from __future__ import annotations

import hashlib
import re

from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from planner.core.ladder import RUNGS, Rung, parse_rung
from planner.core.model import WEEKDAYS, Goal, TaskSpec, Template, weekday_minutes
from planner.templates.foundations import (
    read_outcomes,
    read_strategies,
    resolve_task_strategies,
)
from planner.templates.names import slugify
from planner.templates.schedule import DAY_WORDS
from planner.templates.spec import (
    DAYS_EXAMPLE,
    DEFAULT_BUDGET,
    GOAL_HINTS,
    GOAL_KEYS,
    MAX_GOAL_TARGET,
    MAX_MINUTES,
    MAX_TARGET,
    PERIODS,
    RUNG_WORDS,
    TASK_HINTS,
    TASK_KEYS,
    TOP_HINTS,
    TOP_KEYS,
)
from planner.templates.yaml_nodes import (
    STR,
    NodeReader,
    describe,
    is_null,
    line_of,
    refused,
    suggestion,
)

_ID_PATTERN = re.compile(r"[a-z0-9][a-z0-9_-]{0,63}")


def task_id_for(rung: Rung, title: str) -> str:
    """The id a task gets when none is given: rung and title, stable across days."""
    # A title with no ASCII letters (emoji, CJK) still needs a stable id.
    slug = slugify(title) or "task-" + hashlib.sha1(title.encode()).hexdigest()[:8]
    return f"{rung.value}-{slug}"


class TemplateReader(NodeReader):
    """The template schema, read from a node tree."""

    def read(self, root: Node | None) -> Template | None:
        root = self.top_mapping(root, "a template", "a name: and a ladder:")
        if root is None:
            return None
        fields = self.known(root, TOP_KEYS, "a template", TOP_HINTS)
        name = self.one_line("name", fields, root, "name: Daily marketing hour")
        description = self._optional("description", fields)
        budget = DEFAULT_BUDGET
        if "budget_minutes" in fields:
            read = self.whole_number(fields["budget_minutes"], "budget_minutes", 0, MAX_MINUTES)
            budget = DEFAULT_BUDGET if read is None else read
        reported = len(self.problems)
        self._strategy_nodes: dict[int, Node] = {}  # a task's `strategy:`, by its index
        tasks = self._ladder(fields.get("ladder"), root)
        if "ladder" in fields and not tasks and len(self.problems) == reported:
            self.warning(fields["ladder"], "the ladder has no tasks yet")  # when nothing else is
        goals = self._goals(fields["goals"]) if "goals" in fields else ()
        strategies, strategy_nodes = read_strategies(self, fields.get("strategies"), goals)
        tasks = resolve_task_strategies(
            self, tasks, self._strategy_nodes, strategies, strategy_nodes
        )
        outcomes = read_outcomes(self, fields.get("outcomes"), goals)
        self._check_budget(tasks, budget, fields.get("budget_minutes") or fields.get("ladder"))
        if name is None:
            return None
        return Template(
            name=name,
            tasks=tasks,
            description=description or "",
            budget_minutes=budget,
            goals=goals,
            source=self.path,
            strategies=strategies,
            outcomes=outcomes,
        )

    def known(
        self, node: MappingNode, keys: tuple[str, ...], what: str, hints: dict[str, str]
    ) -> dict[str, Node]:
        """The mapping's known keys; each unknown one is reported with the closest key."""
        fields: dict[str, Node] = {}
        pairs = self.pairs(node)
        for key, key_node, value in pairs:
            if key in keys:
                fields[key] = value
            elif what == "a template" and parse_rung(key) is not None:
                self.error(key_node, f"'{key}' is a rung: indent it under 'ladder:'")
            elif close := suggestion(key, keys, hints):
                self.error(key_node, f"unknown key '{key}' in {what}{close}")
            elif what == "a task" and len(pairs) == 1 and isinstance(value, ScalarNode):
                # "- Email: prospects" is a mapping to YAML, a title to its writer.
                message = f"unknown key '{key}' in a task; if '{key}: {value.value}' is a title, "
                self.error(key_node, message + "put it in quotes")
            else:
                self.error(key_node, f"unknown key '{key}' in {what}; use {_words(keys)}")
        return fields

    def one_line(self, key: str, fields: dict[str, Node], owner: Node, example: str) -> str | None:
        """A required one-line text field."""
        if key not in fields:
            self.error(owner, f"missing {key}: add a line like '{example}'")
            return None
        value = self.text(fields[key], key, required=True)
        return None if value is None else " ".join(value.split())

    def _optional(self, key: str, fields: dict[str, Node]) -> str | None:
        return self.text(fields[key], key) if key in fields else None

    def _optional_line(self, key: str, fields: dict[str, Node]) -> str | None:
        value = self._optional(key, fields)
        return None if value is None else " ".join(value.split())

    def _ladder(self, node: Node | None, root: MappingNode) -> tuple[TaskSpec, ...]:
        if node is None:
            rungs = ", ".join(RUNGS)
            self.error(root, f"missing ladder: add 'ladder:' with tasks under its rungs ({rungs})")
            return ()
        if refused(node) or is_null(node):
            return ()
        if not isinstance(node, MappingNode):
            message = "ladder must list rungs with their tasks (listen:, read:, ...)"
            self.error(node, f"{message}, not {describe(node)}")
            return ()
        by_rung: dict[Rung, list[TaskSpec]] = {rung: [] for rung in RUNGS}
        first_key: dict[Rung, tuple[str, int]] = {}
        ids: dict[str, int] = {}
        written: dict[int, Node] = {}  # a task's `strategy:` node, by the task object's id()
        for key, key_node, value in self.pairs(node):
            rung = parse_rung(key)
            if rung is None:
                close = suggestion(key, RUNG_WORDS) or f"; the rungs are {_words(RUNG_WORDS[:-1])}"
                self.error(key_node, f"unknown rung '{key}'{close}")
                continue
            if rung in first_key:
                other, line = first_key[rung]
                message = f"'{key}' is the same rung as '{other}' (line {line}); use one of them"
                self.error(key_node, message)
                continue
            first_key[rung] = (key, line_of(key_node))
            for task, id_node, strategy_node in self._tasks(rung, key, value):
                if strategy_node is not None:
                    written[id(task)] = strategy_node
                if task.id in ids:
                    message = f"duplicate task id '{task.id}' (first at line {ids[task.id]}); "
                    self.error(id_node, message + "give one of the tasks an id: of its own")
                else:
                    ids[task.id] = line_of(id_node)
                by_rung[rung].append(task)
        tasks = tuple(task for rung in RUNGS for task in by_rung[rung])
        # Each `strategy:` by the task's place in the ladder order (resolved once all is read).
        self._strategy_nodes = {
            index: written[id(task)] for index, task in enumerate(tasks) if id(task) in written
        }
        return tasks

    def _tasks(self, rung: Rung, key: str, node: Node) -> list[tuple[TaskSpec, Node, Node | None]]:
        if refused(node) or is_null(node):
            return []
        if not isinstance(node, SequenceNode):
            message = f"the tasks under '{key}' must be a list: start each task with '- '"
            self.error(node, message)
            return []
        tasks = (self._task(rung, item) for item in node.value)
        return [task for task in tasks if task is not None]

    def _task(self, rung: Rung, node: Node) -> tuple[TaskSpec, Node, Node | None] | None:
        """One task, the node its id comes from and its `strategy:` node (the strategy
        as written, resolved to an id later); None when it has no usable title."""
        if refused(node):
            return None
        if isinstance(node, ScalarNode):  # a bare title
            title = self.text(node, "title")
            if title is None:
                self.error(node, "empty task: write a title after '- ' or remove the line")
                return None
            title = " ".join(title.split())
            return TaskSpec(id=task_id_for(rung, title), title=title, rung=rung), node, None
        if not isinstance(node, MappingNode):
            self.error(node, f"a task must be a title or 'title:' lines, not {describe(node)}")
            return None
        fields = self.known(node, TASK_KEYS, "a task", TASK_HINTS)
        if not fields and len(node.value) == 1:
            return None  # a lone unknown key: the quoting hint above says it all
        title = self.one_line("title", fields, node, "title: Comment on prospects' posts")
        minutes = self._number(fields, "minutes", 0, MAX_MINUTES)
        target = self._number(fields, "target", 1, MAX_TARGET)
        days = self._days(fields["days"]) if "days" in fields else None
        notes = self._optional("notes", fields)
        task_id, id_node = self._id(fields.get("id"), rung, title), fields.get("id", node)
        if title is None or task_id is None:
            return None
        spec = TaskSpec(
            id=task_id,
            title=title,
            rung=rung,
            minutes=minutes or 0,
            channel=self._optional_line("channel", fields),
            target=target,
            unit=self._optional_line("unit", fields),
            days=days,
            notes=notes or "",
            strategy=self._optional_line("strategy", fields),
        )
        return spec, id_node, fields.get("strategy") if spec.strategy else None

    def _number(self, fields: dict[str, Node], key: str, low: int, high: int) -> int | None:
        if key not in fields:
            return None
        hint = " (leave target out for a task that is simply done)" if key == "target" else ""
        return self.whole_number(fields[key], key, low, high, hint)

    def _id(self, node: Node | None, rung: Rung, title: str | None) -> str | None:
        given = None if node is None else self.text(node, "id")
        if node is None or given is None:
            return None if title is None else task_id_for(rung, title)
        if not _ID_PATTERN.fullmatch(given):
            example = slugify(given) or "my-task"
            message = (
                f"id '{given}' may use only lowercase letters, digits, '-' and '_' (64 at most)"
            )
            self.error(node, f"{message}, like '{example}'")
            return None
        return given

    def _days(self, node: Node) -> tuple[int, ...] | None:
        """Weekday numbers, or None for every day (empty value) or when wrong (reported)."""
        if refused(node) or is_null(node):
            return None
        if isinstance(node, ScalarNode) and node.tag == STR:
            items = [(word, node) for word in node.value.split(",")]
        elif isinstance(node, SequenceNode):
            items = []
            for item in node.value:
                if isinstance(item, ScalarNode) and not is_null(item):
                    items.append((str(item.value), item))
                elif not refused(item):
                    self.error(item, f"{DAYS_EXAMPLE}, not {describe(item)} in the list")
        else:
            self.error(node, f"{DAYS_EXAMPLE}, not {describe(node)}")
            return None
        numbers: set[int] = set()
        for word, item in items:
            key = word.strip().lower()
            if key in DAY_WORDS:
                numbers.update(DAY_WORDS[key])
            else:
                close = suggestion(key, list(DAY_WORDS)) or f"; use {_words(WEEKDAYS)}"
                self.error(item, f"unknown weekday '{word.strip()}'{close}")
        if not items and isinstance(node, SequenceNode) and not node.value:
            self.error(node, "days is empty, so the task would never come up; leave days out")
        return tuple(sorted(numbers)) if numbers else None

    def _goals(self, node: Node) -> tuple[Goal, ...]:
        if refused(node) or is_null(node):
            return ()
        if not isinstance(node, SequenceNode):
            self.error(
                node,
                f"goals must be a list, each goal starting with '- name:', not {describe(node)}",
            )
            return ()
        goals: list[Goal] = []
        first_line: dict[str, int] = {}
        for item in node.value:
            goal = self._goal(item)
            if goal is None:
                continue
            key = goal.name.lower()
            if key in first_line:
                self.error(item, f"duplicate goal '{goal.name}' (first at line {first_line[key]})")
                continue
            first_line[key] = line_of(item)
            goals.append(goal)
        return tuple(goals)

    def _goal(self, node: Node) -> Goal | None:
        if refused(node):
            return None
        if not isinstance(node, MappingNode):
            self.error(
                node, f"a goal needs name:, unit:, target: and per: lines, not {describe(node)}"
            )
            return None
        fields = self.known(node, GOAL_KEYS, "a goal", GOAL_HINTS)
        name = self.one_line("name", fields, node, "name: New leads")
        unit = self.one_line("unit", fields, node, "unit: leads")
        target = None
        if "target" not in fields:
            self.error(node, "missing target: add a line like 'target: 3'")
        else:
            target = self.positive_number(fields["target"], "target", MAX_GOAL_TARGET)
        per = "week"
        if "per" in fields:
            word = self.text(fields["per"], "per") or ""
            if word.lower() in PERIODS:
                per = PERIODS[word.lower()]
            elif word:
                close = suggestion(word, list(PERIODS))
                self.error(fields["per"], f"per must be day, week or month, not '{word}'{close}")
        if name is None or unit is None or target is None:
            return None
        return Goal(name=name, unit=unit, target=target, per=per)

    def _check_budget(self, tasks: tuple[TaskSpec, ...], budget: int, where: Node | None) -> None:
        """Warn when some weekday's tasks add up to more than the budget."""
        totals = weekday_minutes(tasks)
        over = [day for day in range(7) if totals[day] > budget]
        if not over or where is None:
            return
        if len(set(totals)) == 1:
            message = f"the plan takes {totals[0]} minutes, more than its budget of {budget}"
        else:
            by_total: dict[int, list[str]] = {}
            for day in over:
                by_total.setdefault(totals[day], []).append(WEEKDAYS[day])
            parts = [f"{total} on {_words(days)}" for total, days in by_total.items()]
            message = f"the plan takes more than its budget of {budget} minutes: {'; '.join(parts)}"
        self.warning(where, message)


def _words(words: tuple[str, ...] | list[str]) -> str:
    """ "a, b and c"."""
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]
