"""The linter: rules.yaml over report sources, findings at exact cells."""

from .engine import LintResult, lint_paths
from .finding import Finding
from .rules import RulesError

__all__ = ["Finding", "LintResult", "RulesError", "lint_paths"]
