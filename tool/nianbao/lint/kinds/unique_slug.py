"""unique_slug: two reports with one slug would be published at one URL:
every report after the first that has it is a finding naming the first."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import ClassVar

from ...model.finding import Finding
from ..context import make
from ..rules import Rule
from . import CollectionContext
from . import Params as Base


@dataclass(frozen=True)
class Params(Base):
    scope: ClassVar[str] = "collection"


def check(rule: Rule[Params], ctx: CollectionContext) -> Iterator[Finding]:
    first: dict[str, str] = {}
    for report in ctx.reports:
        if report.slug in first:
            yield make(rule, report.path, report.slug_line, 1, 1, slug=report.slug, other=first[report.slug])
        else:
            first[report.slug] = report.path
