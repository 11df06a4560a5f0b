"""The graph model for conflict resolution and its stability concepts.

Entry points: :func:`graph_model` (states and moves), :func:`stability`
(Nash, GMR, SMR, SEQ, SIM for every state and party) and
:func:`status_quo_analysis` (improving paths from the status quo to the
equilibria). The graph model enumerates its states: there is no MILP route.
Definitions and references: :mod:`.concepts` and ``docs/concepts/stability.md``.
"""
from __future__ import annotations

from negotiation.solvers.names import CONCEPTS, SANCTIONS
from negotiation.solvers.stability.concepts import stability
from negotiation.solvers.stability.graph import GraphModel, graph_model
from negotiation.solvers.stability.results import StabilityResult, StatusQuoResult
from negotiation.solvers.stability.status_quo import status_quo_analysis

__all__ = ["CONCEPTS", "SANCTIONS", "GraphModel", "StabilityResult", "StatusQuoResult",
           "graph_model", "stability", "status_quo_analysis"]
