"""Deciding status changes of things that move forward through steps and may be cancelled early
(orders, shipments). Events arrive at least once and in any order, so each change is decided first:

- APPLY: the next step from the current status;
- ALREADY: already there or past it (a duplicate or stale event): change nothing;
- TOO_EARLY: a step further ahead (e.g. DELIVERED while PAID): retry once the step before arrives;
- ILLEGAL: not allowed at all (e.g. anything after CANCELLED, CANCELLED after shipping).
"""

from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum
from typing import Protocol, TypeVar


class Decision(Enum):
    APPLY = "apply"
    ALREADY = "already"
    TOO_EARLY = "too_early"
    ILLEGAL = "illegal"


class KeptChanging(RuntimeError):
    """Other changes won every race for a while; the caller's event is retried later."""


class HasStatus(Protocol):
    status: str


Record = TypeVar("Record", bound=HasStatus)


@dataclass(frozen=True)
class Lifecycle:
    steps: tuple[str, ...]        # the forward path, in order
    cancelled: str                # the terminal cancelled status
    cancellable: tuple[str, ...]  # the statuses it may be cancelled from

    def decide(self, current: str, target: str) -> Decision:
        known = (*self.steps, self.cancelled)
        if current not in known or target not in known:
            raise ValueError(f"unknown status: {current} -> {target}")
        if target == self.cancelled:
            if current == self.cancelled:
                return Decision.ALREADY
            return Decision.APPLY if current in self.cancellable else Decision.ILLEGAL
        if current == self.cancelled:
            return Decision.ILLEGAL
        step = self.steps.index(target) - self.steps.index(current)
        if step <= 0:
            return Decision.ALREADY
        return Decision.APPLY if step == 1 else Decision.TOO_EARLY

    def change(self, read: Callable[[], Record | None], write: Callable[[Record], bool], target: str,
               attempts: int = 5) -> tuple[Decision, Record | None]:
        """Move the record `read` returns to `target` if the lifecycle allows it now. `write` saves
        the change only if the record still has the status it was read with (False when another
        change got there first): then it is read and decided again. Two racing changes (a cancel
        and a shipment) are so decided here, on the status each saw, and only one of them wins."""
        for _ in range(attempts):
            record = read()
            if record is None:
                return Decision.ILLEGAL, None
            decision = self.decide(record.status, target)
            if decision is not Decision.APPLY or write(record):
                return decision, record
        raise KeptChanging(f"still changing after {attempts} attempts; giving up for now")
