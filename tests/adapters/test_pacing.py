"""adapters.rest.pacing, unit, on virtual time: the GCRA spacing and burst, the quota it
keeps over any one-second window, first-come-first-served order, and cancel safety (a
cancelled waiter takes no slot and blocks nobody). Nothing sleeps real time: the pacer's
``sleep`` moves a fake clock, or waits until the test lets it go."""

from __future__ import annotations

import asyncio
import random

import pytest

from adapters.rest.pacing import Pacer
from tests.adapters.pacing_support import HeldTime, VirtualTime, guarded, settle

pytestmark = pytest.mark.anyio


def pacer(time: VirtualTime, rate: float, burst: int = 1) -> Pacer:
    return Pacer(rate, burst, clock=time.clock, sleep=time.sleep)


async def grants(p: Pacer, time: VirtualTime, count: int) -> list[tuple[int, float]]:
    """``count`` callers started in order, all at once: (caller, clock when granted)."""
    granted: list[tuple[int, float]] = []

    async def caller(index: int) -> None:
        await p.acquire()
        granted.append((index, time.now))

    await asyncio.gather(*(caller(i) for i in range(count)))
    return granted


def test_bad_settings_are_refused() -> None:
    with pytest.raises(ValueError, match="rate"):
        Pacer(0)
    with pytest.raises(ValueError, match="burst"):
        Pacer(10, 0)


@guarded
async def test_a_burst_goes_at_once_then_calls_are_spaced_by_the_rate() -> None:
    time = VirtualTime()
    p = pacer(time, rate=10, burst=3)
    granted = await grants(p, time, 8)
    assert [i for i, _ in granted] == list(range(8))  # first come, first served
    assert [round(t, 9) for _, t in granted] == [0, 0, 0, 0.1, 0.2, 0.3, 0.4, 0.5]
    assert (p.granted, p.delayed, p.waiting) == (8, 5, 0)


@guarded
async def test_no_caller_waits_while_the_quota_is_not_reached() -> None:
    time = VirtualTime()
    p = pacer(time, rate=5, burst=2)
    for _ in range(4):
        await p.acquire()
        time.now += 0.2  # one call per interval: never ahead of schedule
    assert time.sleeps == [] and p.delayed == 0


@guarded
async def test_a_quiet_spell_gives_back_the_burst_and_no_more() -> None:
    time = VirtualTime()
    p = pacer(time, rate=10, burst=3)
    await grants(p, time, 5)
    time.now += 60  # idle for a minute: credit does not pile up beyond the burst
    start = time.now
    granted = await grants(p, time, 5)
    assert [round(t - start, 9) for _, t in granted] == [0, 0, 0, 0.1, 0.2]


@pytest.mark.parametrize(("rate", "burst"), [(45, 4), (20, 1), (15, 2), (7.5, 3)])
@guarded
async def test_any_one_second_window_holds_at_most_rate_plus_burst(rate: float, burst: int) -> None:
    """The platform's rule (sandbox/cegedim/ratelimit.py): at most N calls in any window
    (t - 1 s, t]. Callers arrive in random clumps; the pacer must keep the rule."""
    time, rng = VirtualTime(), random.Random(7)
    p = pacer(time, rate, burst)
    stamps: list[float] = []
    for _ in range(30):
        clump = rng.randint(1, 12)
        stamps.extend(t for _, t in await grants(p, time, clump))
        time.now += rng.choice([0.0, 0.01, 0.3, 1.5])
    most = max(sum(1 for s in stamps if t - 1 < s <= t + 1e-9) for t in stamps)
    assert most <= rate + burst
    assert most >= rate  # and it does use the quota: pacing, not a crawl


@guarded
async def test_a_newcomer_does_not_overtake_a_queued_caller() -> None:
    time = HeldTime()
    p = pacer(time, rate=10)
    await p.acquire()  # t=0: the slot of the interval is used
    order: list[str] = []

    async def caller(name: str) -> None:
        await p.acquire()
        order.append(name)

    first = asyncio.create_task(caller("first"))
    await settle()
    assert p.waiting == 1 and time.sleeps == [pytest.approx(0.1)]
    time.now = 5.0  # the clock moved on: a fresh caller would conform right now...
    late = asyncio.create_task(caller("late"))
    await settle()
    assert order == []  # ...but it queues behind the caller that was there first
    time.release()
    await first
    await settle()
    assert order == ["first"] and time.sleeps[-1] == pytest.approx(0.1)  # then its turn
    time.release()
    await late
    assert order == ["first", "late"]


@guarded
async def test_a_cancelled_head_hands_its_turn_on_without_using_a_slot() -> None:
    time = HeldTime()
    p = pacer(time, rate=10)
    await p.acquire()  # t=0
    head = asyncio.create_task(p.acquire())
    second = asyncio.create_task(p.acquire())
    await settle()
    assert p.waiting == 2 and len(time.gates) == 1  # only the head sleeps
    head.cancel()
    await settle()
    assert head.cancelled() and p.waiting == 1
    assert time.sleeps == [pytest.approx(0.1), pytest.approx(0.1)]  # the same slot at t=0.1
    time.release()  # the cancelled head's gate (never set: nobody waits on it)
    time.release()
    await second
    assert time.now == pytest.approx(0.1) and p.granted == 2 and p.waiting == 0


@guarded
async def test_a_caller_cancelled_in_the_middle_of_the_queue_leaves_it() -> None:
    time = VirtualTime()
    p = pacer(time, rate=10)
    await p.acquire()
    tasks = [asyncio.create_task(p.acquire()) for _ in range(4)]
    tasks[2].cancel()  # before it ever ran: it still leaves the queue cleanly
    tasks[1].cancel()
    results = await asyncio.gather(*tasks, return_exceptions=True)
    assert [isinstance(r, asyncio.CancelledError) for r in results] == [0, 1, 1, 0]
    assert p.granted == 3 and p.waiting == 0
    assert time.now == pytest.approx(0.2)  # two waiters served, 0.1 s apart: no slot lost


@pytest.mark.parametrize("handed", [False, True])
@guarded
async def test_a_waiter_cancelled_as_its_turn_comes_passes_it_on(handed: bool) -> None:
    """``middle`` is cancelled in the tick the head takes its slot: just before the head
    hands it the turn, or just after (the turn set, ``middle`` not yet run)."""
    time = HeldTime()
    p = pacer(time, rate=10)
    await p.acquire()
    middle: asyncio.Task[None] | None = None

    async def head_then_cancel() -> None:
        await p.acquire()
        if handed:
            assert middle is not None
            middle.cancel()  # no await since acquire returned: middle has not run

    head = asyncio.create_task(head_then_cancel())
    await settle()
    middle = asyncio.create_task(p.acquire())
    last = asyncio.create_task(p.acquire())
    await settle()
    time.release()  # the head's slot is due
    if not handed:
        middle.cancel()
    await head
    await settle()
    assert middle.cancelled() and p.waiting == 1
    time.release()
    await last
    assert p.granted == 3 and time.now == pytest.approx(0.2)  # middle's slot went to last


@guarded
async def test_timeouts_under_load_never_stall_the_queue() -> None:
    """Callers give up at random (a budget running out, a client gone); the others are
    served in arrival order, at the times a full queue would be, and nothing is left."""
    time, rng = VirtualTime(), random.Random(3)
    p = pacer(time, rate=20, burst=2)
    served: list[tuple[int, float]] = []

    async def caller(index: int) -> None:
        await p.acquire()
        served.append((index, time.now))

    tasks = [asyncio.create_task(caller(i)) for i in range(40)]
    for index in rng.sample(range(40), 15):
        tasks[index].cancel()
        for _ in range(rng.randint(0, 3)):
            await asyncio.sleep(0)
    await asyncio.gather(*tasks, return_exceptions=True)
    indexes = [i for i, _ in served]
    assert indexes == sorted(indexes)  # first come, first served
    assert len(served) + sum(t.cancelled() for t in tasks) == 40
    assert 15 < len(served) < 40  # some callers gave up while queued, some were served
    # No slot lost to a cancelled waiter: the k-th grant is at the k-th slot of the rate.
    assert [t for _, t in served] == pytest.approx(
        [max(0, (k - 1) / 20) for k in range(40)][: len(served)]
    )
    assert p.waiting == 0 and p.granted == len(served)


@guarded
async def test_a_hold_stops_every_call_for_its_seconds_then_the_pace_resumes() -> None:
    """After a 429's Retry-After, queued and new callers wait it out instead of drawing
    more refusals; then the burst and the spacing are as before."""
    time = VirtualTime()
    p = pacer(time, rate=10, burst=2)
    await p.acquire()
    p.hold(1.0)
    granted = await grants(p, time, 4)
    assert [round(t, 9) for _, t in granted] == [1.0, 1.1, 1.2, 1.3]
    p.hold(0)  # nothing to wait for: no change
    time.now += 5
    assert p.delay() == 0
