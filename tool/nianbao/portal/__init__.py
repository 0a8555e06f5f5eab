"""The builder: passing reports -> static portal and downloadable data."""

from .site import NotASite, ShrinkRefused, Summary, build

__all__ = ["NotASite", "ShrinkRefused", "Summary", "build"]
