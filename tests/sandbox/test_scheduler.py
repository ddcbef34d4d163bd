"""Scheduled steps: oldest first across batches, steps scheduled or cancelled mid-batch, failures isolated, and
a clock advance that answers before sending thousands of webhooks."""

import pytest

from tendlc.sandbox import control, scheduler

EVENT = "10dlc.campaign.update"


@pytest.fixture
def ran(sandbox) -> list[str]:
    """The refs of the ``test.record`` steps, in the order they ran."""
    refs: list[str] = []
    sandbox.scheduler.register("test.record", lambda context, ref, data: refs.append(ref))
    return refs


@pytest.fixture
def small_batches(monkeypatch):
    monkeypatch.setattr(scheduler, "BATCH_SIZE", 3)


def schedule(sandbox, ref: str, delay: float, kind: str = "test.record") -> None:
    sandbox.scheduler.schedule(kind, ref, delay)


def test_due_steps_run_oldest_first_across_batches(sandbox, ran, small_batches):
    delays = [70, 10, 50, 30, 90, 20, 80, 40, 60, 100]
    for delay in delays:
        schedule(sandbox, f"at-{delay}", delay)

    assert sandbox.scheduler.run_due(sandbox.context) == 0
    sandbox.clock.advance(100)

    assert sandbox.scheduler.run_due(sandbox.context) == len(delays)
    assert ran == [f"at-{delay}" for delay in sorted(delays)]


def test_a_step_due_before_the_rest_of_its_batch_runs_in_its_place(sandbox, ran):
    def schedules_one_sooner(context, ref, data):
        ran.append(ref)
        context.scheduler.schedule("test.record", "scheduled-by-first", 5)  # due at 15

    sandbox.scheduler.register("test.schedules", schedules_one_sooner)
    schedule(sandbox, "first", 10, kind="test.schedules")
    schedule(sandbox, "second", 20)
    schedule(sandbox, "third", 30)
    sandbox.clock.advance(30)

    sandbox.scheduler.run_due(sandbox.context)

    assert ran == ["first", "scheduled-by-first", "second", "third"]


def test_a_step_cancelled_by_an_earlier_step_of_its_batch_does_not_run(sandbox, ran):
    sandbox.scheduler.register("test.cancels", lambda context, ref, data: context.scheduler.cancel("victim"))
    schedule(sandbox, "canceller", 10, kind="test.cancels")
    schedule(sandbox, "victim", 20)
    schedule(sandbox, "bystander", 30)
    sandbox.clock.advance(30)

    assert sandbox.scheduler.run_due(sandbox.context) == 2

    assert ran == ["bystander"]


def test_a_failing_step_leaves_nothing_behind_and_the_others_run(sandbox, ran, caplog):
    def emits_then_fails(context, ref, data):
        context.webhooks.emit(EVENT, {"campaignId": ref}, None, None)
        context.scheduler.schedule("test.record", "never", 1)
        raise RuntimeError("step broke")

    sandbox.scheduler.register("test.fails", emits_then_fails)
    schedule(sandbox, "before", 10)
    schedule(sandbox, "broken", 20, kind="test.fails")
    schedule(sandbox, "after", 30)
    sandbox.clock.advance(60)

    sandbox.scheduler.run_due(sandbox.context)

    assert ran == ["before", "after"]
    assert sandbox.store.scalar("SELECT COUNT(*) FROM webhook_deliveries") == 0
    assert sandbox.scheduler.pending("broken") == []
    assert "test.fails of broken failed" in caplog.text
    # Dropped, not retried: the next run has nothing left to do.
    assert sandbox.scheduler.run_due(sandbox.context) == 0


def test_a_step_writes_the_time_it_was_due_not_the_time_it_ran(sandbox):
    seen: list[float] = []
    sandbox.scheduler.register("test.when", lambda context, ref, data: seen.append(context.scheduler.now()))
    start = sandbox.clock.now()
    schedule(sandbox, "late", 10, kind="test.when")
    sandbox.clock.advance(1000)

    sandbox.scheduler.run_due(sandbox.context)

    assert seen == [start + 10]


def test_an_advance_sends_a_few_webhooks_and_leaves_the_rest_for_later(
    sandbox, sandbox_control, webhook_receiver, monkeypatch
):
    monkeypatch.setattr(control, "ADVANCE_DELIVERIES", 2)
    for ref in ("a", "b", "c"):
        dormant = {"campaignId": ref, "type": "TELNYX_EVENT", "status": "DORMANT", "description": "Dormant"}
        sandbox.webhooks.emit(EVENT, dormant, webhook_receiver.url, None)

    answer = sandbox_control.post("/clock/advance", {"seconds": 1}).json

    assert answer["webhooksPending"] == 1
    assert [delivery.json["data"]["payload"]["campaignId"] for delivery in webhook_receiver.received] == [
        "a",
        "b",
    ]

    assert sandbox_control.post("/clock/advance", {"seconds": 0}).json["webhooksPending"] == 0
    assert len(webhook_receiver.received) == 3
