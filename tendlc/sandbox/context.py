"""What a handler may touch: the one argument every route handler and lifecycle step receives.

A handler is ``handler(context, request, **path_args) -> Response`` and a scheduled step is
``step(context, ref, data) -> None``. The app builds one ``Context`` when it starts, so resource modules
depend on the sandbox's parts (store, clock, scheduler, webhook dispatcher, fault rules) and never on the
application object. Only the control plane's clock and reset routes act on the whole sandbox, through the
two operations of ``SandboxControl``.
"""

from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

# Types only: the parts import this module for their handlers' signatures.
if TYPE_CHECKING:
    from tendlc.sandbox.clock import Clock
    from tendlc.sandbox.faults import Faults
    from tendlc.sandbox.request_log import RequestLog
    from tendlc.sandbox.scheduler import Scheduler
    from tendlc.sandbox.store import Store
    from tendlc.sandbox.webhooks import Dispatcher


class SandboxControl(Protocol):
    def advance(self, seconds: float) -> float: ...

    def reset(self) -> None: ...


@dataclass(frozen=True)
class Context:
    store: "Store"
    clock: "Clock"
    scheduler: "Scheduler"
    webhooks: "Dispatcher"
    faults: "Faults"
    control: SandboxControl
    requests: "RequestLog"
