"""Off-ramps: ways for the party that must back down to do so and still gain.

Entry point :func:`find_offramps` (enumeration or the exact MILP route by
``method``); each off-ramp explained (:mod:`.explain`), tested for robustness
(:mod:`.robustness`), sequenced (:mod:`.sequencing`) and placed in the graph
model (:mod:`.holding`). :func:`hold` asks whether one off-ramp is
self-enforcing, who would defect, and what verified changes would make it hold
(:mod:`.hold`, :mod:`.fixes`). Definitions: :mod:`.search` and
``docs/concepts/offramps.md``.
"""
from __future__ import annotations

from negotiation.solvers.offramps.hold import hold
from negotiation.solvers.offramps.hold_results import Hold
from negotiation.solvers.offramps.results import Offramp, OfframpError, Offramps
from negotiation.solvers.offramps.search import find_offramps

__all__ = ["Hold", "Offramp", "OfframpError", "Offramps", "find_offramps", "hold"]
