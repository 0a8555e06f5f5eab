"""The builder: passing reports -> static portal and downloadable data."""

from .site import Summary, build

__all__ = ["Summary", "build"]
