"""The names the analyses accept, in one light module.

The command line offers these as choices without importing the solvers
(scipy, networkx), and every solver checks its arguments against them.
"""
from __future__ import annotations

# bargaining criteria: solutions, off-ramp rankings, red-line prices
CRITERIA = ("nash", "asymmetric_nash", "kalai_smorodinsky", "egalitarian", "utilitarian",
            "normalised_egalitarian", "normalised_utilitarian")
# the scale each criterion compares the parties on (every report that compares names it)
_NORMALISED = ("a normalised scale: each party's gain over its batna as a share of its best "
               "gain in the zone")
_PRODUCT = "no common scale: a product of gains, from which each party's own scale factors out"
SCALES = {
    "nash": _PRODUCT,
    "asymmetric_nash": _PRODUCT,
    "kalai_smorodinsky": _NORMALISED,
    "egalitarian": "the parties' own utility scales, as raw gains over the batnas",
    "utilitarian": "the parties' own utility scales, as raw utilities summed",
    "normalised_egalitarian": _NORMALISED,
    "normalised_utilitarian": _NORMALISED,
}
# how a criterion counts the sides of the table: by side (a side's members share one
# weight) or by party (every party at the table counts; the ratifiers never do)
WEIGHTING = {"nash": "side", "asymmetric_nash": "side", "kalai_smorodinsky": "side",
             "egalitarian": "side", "normalised_egalitarian": "side",
             "utilitarian": "party", "normalised_utilitarian": "party"}
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
