"""The builder: passing reports -> static portal and downloadable data."""

from .site import Summary, build, organ_url, report_url

__all__ = ["Summary", "build", "organ_url", "report_url"]
