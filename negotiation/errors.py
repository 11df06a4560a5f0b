"""The package's own exceptions, in one module that imports nothing.

The command line catches them around every command; defining them here,
rather than beside the code that raises them, keeps ``negotiation list`` and
``negotiation --help`` from importing numpy and the scenario loader only to
name what they would catch.
"""
from __future__ import annotations


class ScenarioError(ValueError):
    """A scenario file with problems; ``problems`` lists every one found
    (:class:`negotiation.scenario.load.Problem`: file, line, column, path, message)."""

    def __init__(self, problems: list):
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


class SpaceTooLarge(ValueError):
    """The agreement space is larger than the enumeration limit."""


class OrdinalOnly(ValueError):
    """A solver that needs cardinal utilities met an ordinal preference."""


class RatifiersUnsupported(ValueError):
    """An analysis that seats every party at the table met a ratifier."""
