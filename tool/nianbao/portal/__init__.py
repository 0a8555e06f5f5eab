"""The builder: passing reports -> static portal and downloadable data."""

from .site import ShrinkRefused, Summary, build
from .swap import NotASite, check_out

__all__ = ["NotASite", "ShrinkRefused", "Summary", "build", "check_out"]
