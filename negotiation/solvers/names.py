"""The names the analyses accept, in one light module.

The command line offers these as choices without importing the solvers
(scipy, networkx), and every solver checks its arguments against them.
"""
from __future__ import annotations

# bargaining criteria: solutions, off-ramp rankings, red-line prices
CRITERIA = ("nash", "asymmetric_nash", "kalai_smorodinsky", "egalitarian", "utilitarian")
# enumerate the agreement space, search it by MILP, or choose by its size
METHODS = ("auto", "enumerate", "milp")
# what backing down may cost in face: nothing visible (the golden bridge), or the audience cost
FACES = ("strict", "cost")
# graph-model stability concepts (Fang, Hipel & Kilgour 1993) and sanction rules
CONCEPTS = ("nash", "gmr", "smr", "seq", "sim")
SANCTIONS = ("chain", "once")
COALITION_CONCEPTS = ("nash", "gmr", "seq", "sim")
# concession strategies of the simulated protocol (or "time:E" for exponent E)
STRATEGY_NAMES = ("boulware", "linear", "conceder", "tit_for_tat", "zeuthen", "hardliner")
# sweep designs: a grid, random draws, SALib's Sobol and Morris samplers
DESIGNS = ("grid", "random", "sobol", "morris")
