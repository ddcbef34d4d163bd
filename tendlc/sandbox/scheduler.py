"""Lifecycle steps that fall due on the sandbox clock.

A resource schedules a step (``kind`` + the id it concerns) some seconds of sandbox time ahead; whenever
the app handles a request, advances the clock, or its ticker thread wakes, every step now due runs, oldest
first, each in its own transaction. Handlers may schedule further steps, counted from the due time of the
step that schedules them (not from the clock's now); those run too if already due, so one large clock advance
plays a whole lifecycle in order.
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


class Scheduler:
    def __init__(self, store: "Store", clock: "Clock"):
        self.store = store
        self.clock = clock
        self.handlers: dict[str, Step] = {}
        self._running = threading.local()  # the due time of the step this thread is running

    def register(self, kind: str, handler: Step) -> None:
        self.handlers[kind] = handler

    def schedule(self, kind: str, ref: str, delay: float, data: dict[str, Any] | None = None) -> None:
        if kind not in self.handlers:
            raise KeyError(f"no handler for scheduled step {kind!r}")
        self.store.execute(
            "INSERT INTO scheduled (due_at, kind, ref, data) VALUES (?, ?, ?, ?)",
            (self._now() + max(delay, 0.0), kind, ref, json.dumps(data or {})),
        )

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

    def run_due(self, context: "Context") -> int:
        """Run every step due now, each handed ``context``; returns how many ran."""
        store = self.store
        ran = 0
        while True:
            with store.transaction():
                row = store.one(
                    "SELECT id, due_at, kind, ref, data FROM scheduled WHERE due_at <= ? ORDER BY due_at, id LIMIT 1",
                    (self.clock.now(),),
                )
                if row is None:
                    return ran
                store.execute("DELETE FROM scheduled WHERE id = ?", (row["id"],))
                self._running.due_at = row["due_at"]
                try:
                    self.handlers[row["kind"]](context, row["ref"], json.loads(row["data"]))
                finally:
                    self._running.due_at = None
                ran += 1

    def _now(self) -> float:
        running = getattr(self._running, "due_at", None)
        return self.clock.now() if running is None else running
