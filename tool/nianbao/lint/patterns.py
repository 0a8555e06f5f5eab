"""The regular expressions of rules.yaml: checked when the rules are read,
run with a time bound on every report.

A rules file comes from anyone, and a pattern can backtrack without end on
a long text (「(.*a){20}$」 takes hours on a few kilobytes). No check at load
can tell every such pattern, so each rule's searches on one report share a
budget of seconds (NIANBAO_MAX_RULE_SECONDS, default SECONDS): past it the
rule stops on that report with a finding that says so, and the run goes on.

Patterns run on the `regex` module, the Python engine whose searches take a
timeout; its default syntax is that of `re`.
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from functools import lru_cache

import regex

SECONDS = 10.0
ENV = "NIANBAO_MAX_RULE_SECONDS"
_deadline: ContextVar[float | None] = ContextVar("deadline", default=None)


class TooSlow(Exception):
    """A rule's searches on one report took longer than the budget."""


def seconds() -> float:
    """The budget of one rule on one report."""
    try:
        value = float(os.environ.get(ENV) or SECONDS)
    except ValueError:
        return SECONDS
    return value if 0 < value <= 1e6 else SECONDS  # inf, nan, 0 and less are no budget


def problem(pattern: object) -> str | None:
    """What is wrong with a pattern of a rules file, or None."""
    if not isinstance(pattern, str):
        return "须为文字"
    try:
        _compiled(pattern)
    except (regex.error, OverflowError, RecursionError) as exc:
        return f"不是有效的正则表达式：{exc}"
    return None


@lru_cache(maxsize=4096)
def _compiled(pattern: str) -> regex.Pattern[str]:
    return regex.compile(pattern)


def _timeout() -> float | None:
    deadline = _deadline.get()
    if deadline is None:
        return None
    left = deadline - time.monotonic()
    if left <= 0:
        raise TooSlow
    return left


@contextmanager
def budget() -> Iterator[None]:
    """The searches inside share one budget of seconds()."""
    token = _deadline.set(time.monotonic() + seconds())
    try:
        yield
    finally:
        _deadline.reset(token)


def search(pattern: str, text: str) -> regex.Match[str] | None:
    try:
        return _compiled(pattern).search(text, timeout=_timeout())
    except TimeoutError:
        raise TooSlow from None


def finditer(pattern: str, text: str) -> Iterator[regex.Match[str]]:
    try:
        yield from _compiled(pattern).finditer(text, timeout=_timeout())
    except TimeoutError:
        raise TooSlow from None


def groups(pattern: str) -> int:
    """How many capturing groups a valid pattern has."""
    return _compiled(pattern).groups
