"""Bargaining over time: Rubinstein's alternating offers, subgame-perfect
proposals over packages, and the simulated multilateral protocol with its
concession strategies. Definitions and references: :mod:`.alternating`,
:mod:`.subgame`, :mod:`.protocol`, :mod:`.strategies` and
``docs/concepts/dynamics.md``. The protocol enumerates the acceptable
packages: there is no MILP route.
"""
from __future__ import annotations

from negotiation.solvers.dynamics.alternating import rubinstein
from negotiation.solvers.dynamics.protocol import simulate, tournament
from negotiation.solvers.dynamics.results import PackageSpe, RubinsteinResult, Trace
from negotiation.solvers.dynamics.strategies import STRATEGIES
from negotiation.solvers.dynamics.subgame import spe_packages

__all__ = ["STRATEGIES", "PackageSpe", "RubinsteinResult", "Trace", "rubinstein",
           "simulate", "spe_packages", "tournament"]
