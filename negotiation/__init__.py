"""negotiation: a game-theory simulator of negotiation positions.

Describe a negotiation in a YAML file (parties, issues, preferences, batnas,
red lines) and ask: is there a deal, which off-ramps exist, which red lines
bind, which outcomes are stable, and how the answers move with parameters.

The public API is re-exported here; heavy modules load on first use.
"""
from __future__ import annotations

from importlib import import_module

from negotiation.game import Game, OrdinalOnly, SpaceTooLarge, compile_game
from negotiation.scenario import Scenario, ScenarioError, load, loads, scenario_schema

__version__ = "0.1.0"

# name -> module that defines it (imported lazily: keeps `import negotiation` fast)
_LAZY = {
    "zopa": "negotiation.solvers.agreement",
    "frontier": "negotiation.solvers.agreement",
    "solve": "negotiation.solvers.agreement",
    "find_offramps": "negotiation.solvers.offramps",
    "analyze_red_lines": "negotiation.solvers.redlines",
    "rubinstein": "negotiation.solvers.dynamics.rubinstein",
    "simulate": "negotiation.solvers.dynamics.protocol",
    "tournament": "negotiation.solvers.dynamics.protocol",
    "crisis_offer": "negotiation.solvers.conflict.crisis",
    "offramp_probability": "negotiation.sweeps.montecarlo",
    "stability": "negotiation.solvers.stability.concepts",
    "status_quo_analysis": "negotiation.solvers.stability.status_quo",
    "sweep": "negotiation.sweeps",
    "sensitivity": "negotiation.sweeps",
    "tornado": "negotiation.sweeps",
}

__all__ = ["Game", "OrdinalOnly", "Scenario", "ScenarioError", "SpaceTooLarge",
           "compile_game", "load", "loads", "scenario_schema", "__version__", *_LAZY]


def __getattr__(name: str):
    if name in _LAZY:
        return getattr(import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'negotiation' has no attribute {name!r}")
