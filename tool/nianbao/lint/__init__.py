"""The linter: rules.yaml over reports, findings at exact cells. Run over a
collection by nianbao.pipeline."""

from .rules import RulesError, UnknownRule

__all__ = ["RulesError", "UnknownRule"]
