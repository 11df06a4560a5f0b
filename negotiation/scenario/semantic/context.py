"""The state of one semantic pass: what is built so far, and where problems go."""
from __future__ import annotations

from negotiation.scenario.model import Issue, Parameter, Party
from negotiation.scenario.structure import did_you_mean


def unknown_option(option: str, issue: str, option_ids) -> str:
    """The message for an option that the issue does not have."""
    return (f"unknown option {option!r} for issue {issue!r} (options: {', '.join(option_ids)})"
            f"{did_you_mean(option, option_ids)}")


class Context:
    """The file's data, the problems collector, and the parameters, parties
    and issues built so far (each stage reads the ones before it)."""

    def __init__(self, data: dict, problems):
        self.data = data
        self.problems = problems
        self.parameters: dict[str, Parameter] = {}
        self.parties: dict[str, Party] = {}
        self.issues: dict[str, Issue] = {}

    def add(self, path, message, column=None):
        self.problems.add(path, message, column)

    @property
    def parameter_values(self) -> dict[str, float]:
        """Declared parameter values by name (as :attr:`Scenario.values`)."""
        return {name: p.value for name, p in self.parameters.items()}

    def party_ref(self, path, pid) -> bool:
        if pid in self.parties:
            return True
        self.add(path, f"unknown party {pid!r} (parties: {', '.join(self.parties)})"
                       f"{did_you_mean(pid, self.parties)}")
        return False

    def issue_ref(self, path, iid) -> bool:
        if iid in self.issues:
            return True
        if iid not in (self.data.get("issues") or {}):
            self.add(path, f"unknown issue {iid!r} (issues: {', '.join(self.issues)})"
                           f"{did_you_mean(iid, self.issues)}")
        return False
