"""negotiation: a game-theory simulator of negotiation positions.

Describe a negotiation in a YAML file (parties, issues, preferences, batnas,
red lines) and ask: is there a deal, which off-ramps exist, which red lines
bind, which outcomes are stable, and how the answers move with parameters.

Every analysis takes a :class:`Scenario`, a compiled :class:`Game`, or a
path / bundled scenario name, and returns a result with ``explain()``,
``to_data()`` and (where tabular) ``to_frame()``. The public names are listed
by ``dir(negotiation)``; every one loads on first use, so that
``import negotiation`` (and ``negotiation --version``) stays light. The architecture is described in
``docs/architecture.md``.
"""
from __future__ import annotations

import importlib as _importlib

__version__ = "0.1.0"

# name -> module that defines it (imported lazily: keeps `import negotiation` fast)
_LAZY = {
    "Game": "negotiation.game",
    "OrdinalOnly": "negotiation.errors",
    "SpaceTooLarge": "negotiation.errors",
    "compile_game": "negotiation.game",
    "Scenario": "negotiation.scenario",
    "ScenarioError": "negotiation.errors",
    "load": "negotiation.scenario",
    "loads": "negotiation.scenario",
    "scenario_schema": "negotiation.scenario",
    "zopa": "negotiation.solvers.agreement",
    "zopa_overview": "negotiation.solvers.agreement",
    "frontier": "negotiation.solvers.agreement",
    "solve": "negotiation.solvers.agreement",
    "find_offramps": "negotiation.solvers.offramps",
    "hold": "negotiation.solvers.offramps",
    "analyze_red_lines": "negotiation.solvers.redlines",
    "check_consistency": "negotiation.solvers.redlines.consistency",
    "two_level": "negotiation.solvers.sides",
    "graph_model": "negotiation.solvers.stability",
    "stability": "negotiation.solvers.stability",
    "status_quo_analysis": "negotiation.solvers.stability",
    "rubinstein": "negotiation.solvers.dynamics",
    "spe_packages": "negotiation.solvers.dynamics",
    "simulate": "negotiation.solvers.dynamics",
    "tournament": "negotiation.solvers.dynamics",
    "bargaining_range": "negotiation.solvers.conflict",
    "crisis_offer": "negotiation.solvers.conflict",
    "crisis": "negotiation.solvers.conflict",
    "war_risk": "negotiation.sweeps.warrisk",
    "audience_standoff": "negotiation.solvers.conflict",
    "preventive_war": "negotiation.solvers.conflict",
    "commitment_problem": "negotiation.solvers.conflict",
    "offramp_probability": "negotiation.sweeps.montecarlo",
    "sweep": "negotiation.sweeps",
    "sensitivity": "negotiation.sweeps",
    "tornado": "negotiation.sweeps",
}

__all__ = ["__version__", *_LAZY]


def __getattr__(name: str):
    if name in _LAZY:
        return getattr(_importlib.import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'negotiation' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(__all__)
