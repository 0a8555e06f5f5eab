"""What a build remembers of itself, in the cache (not in the site): what
it read, the folder it made and what it published, so that the next build
with the same inputs into the same folder has nothing to do and says the
same (the site kept as it is, its summary repeated for --strict)."""

from __future__ import annotations

import hashlib
import json
from contextlib import suppress
from dataclasses import asdict, dataclass
from pathlib import Path

from .. import pipeline
from ..base import atomic
from .records import Options

STATE = "build"  # in paths.cache_dir(), per output folder: the last build and its search documents
FILE = "last.json"


def _templates_digest(templates: tuple[Path, ...]) -> str:
    digest = hashlib.sha256()
    for layer, folder in enumerate(templates):
        for path in sorted(folder.rglob("*")):
            if path.is_file():
                digest.update(f"{layer}:".encode() + path.relative_to(folder).as_posix().encode() + path.read_bytes())
    return digest.hexdigest()


def base_key(templates: tuple[Path, ...], options: Options, rules: Path | None) -> str:
    """What every report's files depend on besides its source and findings
    (records.key): nianbao's code and libraries, the templates, the rules,
    the options (those not taken from the rules)."""
    parts = (pipeline.code_digest(), _templates_digest(templates), repr(options), pipeline.rules_digest(rules))
    return hashlib.sha256("".join(parts).encode()).hexdigest()


def inputs_digest(sources: dict[str, str], base_key: str, search: bool) -> str:
    """Everything a build reads, its sources given by their digests: when
    it is unchanged, so is the site."""
    digest = hashlib.sha256(f"{base_key}\0{search}\0".encode())
    for path in sorted(sources):
        digest.update(f"{path}\0{sources[path]}\0".encode())
    return digest.hexdigest()


def identity(folder: Path) -> list[int]:
    """Which folder this is, beyond its name: device and inode."""
    stat = folder.stat()
    return [stat.st_dev, stat.st_ino]


@dataclass(frozen=True)
class LastBuild:
    """What a build remembers of itself (last.json): whether the next one
    has anything to do, and the summary to repeat when it has not."""

    inputs: str
    site: list[int]  # the output folder's identity
    published: list[str]
    withheld: list[tuple[str, list[str]]]
    unreadable: int

    @classmethod
    def read(cls, state: Path) -> LastBuild | None:
        """The record in the build's cache folder `state`; None when there is none or it is damaged."""
        try:
            raw = json.loads((state / FILE).read_text(encoding="utf-8"))
            return cls(raw["inputs"], raw["site"], raw["published"], [(p, r) for p, r in raw["withheld"]],
                       raw["unreadable"])
        except (OSError, ValueError, KeyError, TypeError):
            return None

    def write(self, state: Path) -> None:
        """Kept in `state`, written whole or not at all; a cache that cannot be written is passed over."""
        with suppress(OSError):
            atomic.write_text(state / FILE, json.dumps(asdict(self), ensure_ascii=False))
