"""The builder: passing reports -> static portal and downloadable data."""

from .site import ShrinkRefused, Summary, build

__all__ = ["ShrinkRefused", "Summary", "build"]
