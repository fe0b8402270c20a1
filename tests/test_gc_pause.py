"""The collector pause around a plan (trimtab.gc_pause): off inside, restored after."""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from trimtab.gc_pause import collector_paused


@pytest.fixture(autouse=True)
def _collector_on() -> Iterator[None]:
    was = gc.isenabled()
    gc.enable()
    yield
    if not was:
        gc.disable()


def test_the_collector_is_off_inside_and_on_again_after() -> None:
    with collector_paused():
        assert not gc.isenabled()
    assert gc.isenabled()


def test_an_error_inside_still_switches_it_back_on() -> None:
    with pytest.raises(ValueError), collector_paused():
        raise ValueError("a plan that fails")
    assert gc.isenabled()


def test_nested_pauses_switch_it_on_only_when_the_outer_one_ends() -> None:
    with collector_paused():
        with collector_paused():
            assert not gc.isenabled()
        assert not gc.isenabled()  # the outer plan is still running
    assert gc.isenabled()


def test_a_collector_that_was_off_stays_off() -> None:
    # A program that switched the collector off itself (trimtab's own start-up does, for a
    # moment) gets it back off, not switched on by a plan.
    gc.disable()
    with collector_paused():
        pass
    assert not gc.isenabled()


def test_two_threads_planning_at_once_leave_it_on_when_both_end() -> None:
    # Thread A starts, then B; A ends first: the collector stays off until B ends too.
    a_in, b_in, a_out = threading.Event(), threading.Event(), threading.Event()
    seen: dict[str, bool] = {}

    def a() -> None:
        with collector_paused():
            a_in.set()
            b_in.wait(5)
        a_out.set()

    def b() -> None:
        a_in.wait(5)
        with collector_paused():
            b_in.set()
            a_out.wait(5)
            seen["b after a ended"] = gc.isenabled()

    threads = [threading.Thread(target=a), threading.Thread(target=b)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(10)
    assert seen == {"b after a ended": False}
    assert gc.isenabled()


def test_plan_household_plans_with_the_collector_paused(
    monkeypatch: pytest.MonkeyPatch, example_path: Path
) -> None:
    from trimtab import load_household
    from trimtab.explain import budget
    from trimtab.pipeline import plan_household

    seen: list[bool] = []
    real = budget.plan_within_limits

    def spy(*args: object, **kwargs: object) -> object:
        seen.append(gc.isenabled())
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(budget, "plan_within_limits", spy)
    plan_household(load_household(example_path))
    assert seen == [False]
    assert gc.isenabled()
