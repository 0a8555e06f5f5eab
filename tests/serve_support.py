"""Helpers for the tests that run `nianbao serve`: a free port, and the
page at an address once it says something."""

from __future__ import annotations

import socket
import time
import urllib.request


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def fetch(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            return response.read().decode("utf-8")
    except OSError:
        return None


def wait_for(url: str, words: str, seconds: float = 60) -> bool:
    """Whether the page at `url` says `words` within `seconds`."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        page = fetch(url)
        if page and words in page:
            return True
        time.sleep(0.3)
    return False
