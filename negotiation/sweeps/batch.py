"""The fast path of a sweep: utilities of many variants at once.

The engine lives in :mod:`negotiation.variants` (below the solvers, so that
the off-ramps' robustness uses it too): :class:`Baseline` enumerates the
acceptable packages once and builds their incidence matrices;
:class:`Block` evaluates every number of the scenario for a block of
variants at once and their utilities as one matrix product, (variants x
packages x parties). A measure's ``batch=`` form reads ``block.inside``,
``block.effective``, ``block.batna`` and ``block.power``.
"""
from __future__ import annotations

from negotiation.variants import Baseline, Block

__all__ = ["Baseline", "Block"]
