"""Lifecycle steps that fall due on the sandbox clock.

A resource schedules a step (``kind`` + the id it concerns) some seconds of sandbox time ahead; whenever
the app handles a request, advances the clock, or its ticker thread wakes, every step now due runs, oldest
first. Handlers may schedule further steps, counted from the due time of the step that schedules them (not
from the clock's now); those run too if already due, so one large clock advance plays a whole lifecycle in
order.

A clock advance of months over thousands of campaigns runs tens of thousands of steps, so they run in
batches: one transaction and one SELECT per ``BATCH_SIZE`` steps, not per step. Batching keeps the promises
above: a step a handler schedules due before the rest of the batch ends the batch, so the next SELECT puts it
in its place; a step a handler cancels is not run (its row is gone when its turn comes). Each step runs in a
savepoint: a handler that raises leaves nothing of itself behind, is logged and dropped, and the steps after
it run as if it had never been scheduled.
"""

import json
import logging
import threading
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from tendlc.sandbox.clock import Clock
    from tendlc.sandbox.context import Context
    from tendlc.sandbox.store import Store

logger = logging.getLogger(__name__)

Step = Callable[["Context", str, dict[str, Any]], None]

# Long enough that a transaction's commit is a small share of its steps, short enough that a request waiting
# on the store lock waits tens of milliseconds, not seconds.
BATCH_SIZE = 500
NO_DATA = "{}"


class Scheduler:
    def __init__(self, store: "Store", clock: "Clock"):
        self.store = store
        self.clock = clock
        self.handlers: dict[str, Step] = {}
        # Per thread: the due time of the step running, and the earliest due time it scheduled.
        self._running = threading.local()

    def register(self, kind: str, handler: Step) -> None:
        self.handlers[kind] = handler

    def schedule(self, kind: str, ref: str, delay: float, data: dict[str, Any] | None = None) -> None:
        if kind not in self.handlers:
            raise KeyError(f"no handler for scheduled step {kind!r}")
        due_at = self.now() + max(delay, 0.0)
        self.store.execute(
            "INSERT INTO scheduled (due_at, kind, ref, data) VALUES (?, ?, ?, ?)",
            (due_at, kind, ref, json.dumps(data) if data else NO_DATA),
        )
        earliest = getattr(self._running, "earliest_scheduled", None)
        if earliest is not None and due_at < earliest:
            self._running.earliest_scheduled = due_at

    def cancel(self, ref: str, kinds: tuple[str, ...] | None = None) -> None:
        """Drop pending steps of ``ref`` (all, or those of the given kinds)."""
        if kinds:
            marks = ",".join("?" * len(kinds))
            self.store.execute(
                f"DELETE FROM scheduled WHERE ref = ? AND kind IN ({marks})",  # noqa: S608 - placeholders only
                (ref, *kinds),
            )
        else:
            self.store.execute("DELETE FROM scheduled WHERE ref = ?", (ref,))

    def pending(self, ref: str) -> list[dict[str, Any]]:
        rows = self.store.all("SELECT due_at, kind FROM scheduled WHERE ref = ? ORDER BY due_at, id", (ref,))
        return [{"dueAt": row["due_at"], "kind": row["kind"]} for row in rows]

    def now(self) -> float:
        """The due time of the step this thread is running, else the clock's now: what a step's timestamps and
        delays count from, so a step run late by a clock advance writes the time it was due."""
        running = getattr(self._running, "due_at", None)
        return self.clock.now() if running is None else running

    def run_due(self, context: "Context") -> int:
        """Run every step due now, each handed ``context``; returns how many ran (failed ones included)."""
        ran = 0
        while True:
            batch_ran, finished = self._run_batch(context)
            ran += batch_ran
            if finished:
                return ran

    def _run_batch(self, context: "Context") -> tuple[int, bool]:
        """Run up to ``BATCH_SIZE`` due steps in one transaction; True when none was due."""
        store, running = self.store, self._running
        ran = 0
        with store.transaction():
            rows = store.all(
                "SELECT id, due_at, kind, ref, data FROM scheduled WHERE due_at <= ? ORDER BY due_at, id LIMIT ?",
                (self.clock.now(), BATCH_SIZE),
            )
            running.earliest_scheduled = float("inf")
            try:
                for row in rows:
                    if running.earliest_scheduled < row["due_at"]:
                        return ran, False  # a step scheduled one due before this: select again, in order
                    if store.execute("DELETE FROM scheduled WHERE id = ?", (row["id"],)).rowcount == 0:
                        continue  # cancelled by a step before it
                    self._run_step(context, row)
                    ran += 1
            finally:
                running.earliest_scheduled = None
        return ran, not rows

    def _run_step(self, context: "Context", row: Any) -> None:
        self._running.due_at = row["due_at"]
        try:
            with self.store.savepoint():
                self.handlers[row["kind"]](context, row["ref"], json.loads(row["data"]))
        except Exception:
            logger.exception(
                "scheduled step %s of %s failed; dropped, nothing of it kept", row["kind"], row["ref"]
            )
        finally:
            self._running.due_at = None
