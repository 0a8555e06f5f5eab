"""How well NB501 reads the counts a narrative states.

tests/fixtures/narrative/claims.yaml holds sentences written the way real
reports write counts, half of them true of its table and half false, each
with the claims that must be read from it. Printed: the sentences whose
claims are read exactly, and of the sentences flagged (a claim the table
does not confirm), precision and recall against the false ones; then each
sentence read wrong or judged wrong.

    python3 bench/narrative_claims.py
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml

from nianbao.lint import rules
from nianbao.lint.context import compacted
from nianbao.lint.kinds.claims import vocabulary

FIXTURE = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "narrative" / "claims.yaml"


@dataclass(frozen=True)
class Judged:
    text: str
    true: bool
    expected: list[str]
    read: list[str]
    flagged: bool


def judged() -> list[Judged]:
    """Every sentence of the fixture, read by the packaged NB501."""
    fixture = yaml.safe_load(FIXTURE.read_text(encoding="utf-8"))
    rule = next(r for r in rules.load(None).rules if r.id == "NB501")
    words, table = vocabulary(rule.params), fixture["table"]
    out = []
    for truth in ("confirmed", "contradicted"):
        for entry in fixture[truth]:
            if set(entry) != {"text", "claims"}:
                raise ValueError(f"{FIXTURE.name}: an entry has {sorted(entry)} (quote a text with a comma): {entry}")
            claims = words.claims(compacted(entry["text"]).text)  # as lint reads a line
            read = [f"{'+'.join(c.terms)}={c.number}" for c in claims]
            flagged = any(c.number != sum(table[t] for t in c.terms) for c in claims)
            out.append(Judged(entry["text"], truth == "confirmed", entry["claims"], read, flagged))
    return out


def main() -> None:
    results = judged()
    exact = sum(r.read == r.expected for r in results)
    caught = sum(r.flagged and not r.true for r in results)
    flagged = sum(r.flagged for r in results)
    false = sum(not r.true for r in results)
    print(f"sentences: {len(results)} ({len(results) - false} true, {false} false)")
    print(f"claims read exactly: {exact}/{len(results)}")
    print(f"precision: {caught}/{flagged} = {caught / flagged if flagged else 1:.0%}   "
          f"recall: {caught}/{false} = {caught / false if false else 1:.0%}")
    for r in results:
        if r.read != r.expected or r.flagged == r.true:
            print(f"  {'true ' if r.true else 'false'} {r.text}  expected {r.expected}, read {r.read}, flagged {r.flagged}")


if __name__ == "__main__":
    main()
