"""What a review reports against, as the template of today declares it: its goals, its
strategies and what counts as a win or a loss. Plain data, taken from a ``Template`` on
the calling thread (the template cache is not for threads) and handed to the review."""

from __future__ import annotations

from dataclasses import dataclass, field

from planner.core.model import Goal, OutcomeKinds, Strategy, Template


@dataclass(frozen=True)
class ReviewPlan:
    goals: tuple[Goal, ...] = ()
    strategies: tuple[Strategy, ...] = ()
    outcomes: OutcomeKinds = field(default_factory=OutcomeKinds)

    @classmethod
    def of(cls, template: Template | None) -> ReviewPlan:
        """The plan of ``template``; an empty one for None (no template could be read)."""
        if template is None:
            return cls()
        return cls(template.goals, template.strategies, template.outcomes)
