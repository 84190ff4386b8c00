"""Random work on two and three machines with syncs in between, merged by
``merge_three`` as the git sync does (fetch, merge with the last synced version as the
common one, push): after a final round every machine holds the same day, and no change is
lost unless a later change to the same record replaced it."""

from __future__ import annotations

from copy import deepcopy
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from planner.core.ladder import Rung
from planner.core.model import Day, Outcome, TaskState
from planner.store.day_format import day_as_record, header_record
from planner.store.merge import merge_three
from tests.helpers import TODAY

TASKS = ("scan", "news", "post")
START = datetime(2026, 11, 24, 8, 0, tzinfo=UTC)


def first_day() -> Day:
    stamp = START.isoformat()
    tasks = [
        TaskState(task_id, task_id.title(), Rung.LISTEN, updated_at=stamp) for task_id in TASKS
    ]
    return Day(date=TODAY, template="T", tasks=tasks, updated_at=stamp, created_at=stamp)


@dataclass
class Machine:
    local: Day
    synced: Day  # the version of the last sync: the common one for the next merge


@dataclass
class World:
    remote: Day = field(default_factory=first_day)
    clock: int = 0
    notes: dict[str, tuple[int, str]] = field(default_factory=dict)  # task -> latest write
    worked: tuple[int, str] | None = None
    added: set[str] = field(default_factory=set)
    removed: set[str] = field(default_factory=set)

    def stamp(self) -> str:
        """Perfect clocks: every change is later than every change before it."""
        self.clock += 1
        return (START + timedelta(seconds=self.clock)).isoformat()


OPS = st.tuples(
    st.integers(0, 2),  # which machine
    st.sampled_from(["note", "win", "remove", "worked", "sync"]),
    st.integers(0, 2),  # which task or win
)


def apply(world: World, machine: Machine, kind: str, target: int) -> None:
    day, stamp = machine.local, world.stamp()
    if kind == "note":
        task = day.tasks[target]
        task.note, task.updated_at = f"note {world.clock}", stamp
        world.notes[task.id] = (world.clock, task.note)
    elif kind == "win":
        item_id = f"win-{world.clock}"
        day.wins.append(Outcome(f"win {world.clock}", None, stamp, item_id, stamp))
        world.added.add(item_id)
    elif kind == "remove" and day.wins:
        gone = day.wins.pop(target % len(day.wins))
        day.removed_wins.append(replace(gone, removed_at=stamp, updated_at=stamp))
        world.removed.add(gone.id)
    elif kind == "worked":
        day.worked = f"worked {world.clock}"
        day.field_stamps["worked"] = stamp
        day.updated_at = stamp
        world.worked = (world.clock, day.worked)


def sync(world: World, machine: Machine) -> None:
    merged = merge_three(machine.synced, machine.local, world.remote)
    assert merged is not None
    world.remote = merged
    machine.local, machine.synced = deepcopy(merged), deepcopy(merged)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(machines=st.integers(2, 3), ops=st.lists(OPS, max_size=30))
def test_machines_converge_and_keep_every_latest_change(
    machines: int, ops: list[tuple[int, str, int]]
) -> None:
    world = World()
    fleet = [Machine(first_day(), first_day()) for _ in range(machines)]
    for index, kind, target in ops:
        machine = fleet[index % machines]
        if kind == "sync":
            sync(world, machine)
        else:
            apply(world, machine, kind, target)
    for _ in range(2):  # a final round: everyone gets everything
        for machine in fleet:
            sync(world, machine)

    final = world.remote
    for machine in fleet:
        assert day_as_record(machine.local) == day_as_record(final)
        assert header_record(machine.local) == header_record(final)
    for task_id, (_, note) in world.notes.items():
        assert final.task(task_id).note == note, "the latest note of each task is kept"
    if world.worked is not None:
        assert final.worked == world.worked[1]
    live = {win.id for win in final.wins}
    assert live == world.added - world.removed, "every win kept, every removal kept"
    assert {win.id for win in final.removed_wins} == world.removed
