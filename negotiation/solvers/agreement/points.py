"""Bargaining solutions over the zone of possible agreement.

Notation: ``u`` are effective utilities (packages x parties), ``d`` the
disagreement point (each party's batna), gains ``g_i = u_i - d_i``.
Each solution is chosen among ZOPA points (``u >= d``); all five pick a
Pareto-efficient point.

* **nash** -- maximise ``prod_i g_i`` (Nash 1950, "The bargaining problem",
  Econometrica 18:155-162). The unique solution satisfying Pareto
  optimality, symmetry, invariance to positive affine rescaling and
  independence of irrelevant alternatives.
* **asymmetric_nash** -- maximise ``prod_i g_i ** alpha_i`` with
  ``alpha = power / sum(power)`` (Kalai 1977, "Nonsymmetric Nash solutions
  and replications of 2-person bargaining", Int. J. Game Theory 6:129-133;
  Roth 1979). Drops symmetry: stronger parties get more.
* **kalai_smorodinsky** -- maximise ``min_i g_i / (a_i - d_i)`` where the
  ideal point ``a_i`` is party i's best utility within the ZOPA (Kalai &
  Smorodinsky 1975, "Other solutions to Nash's bargaining problem",
  Econometrica 43:513-518). Replaces IIA by individual monotonicity: every
  party gets the same fraction of its largest possible gain.
* **egalitarian** -- maximise ``min_i g_i`` (Kalai 1977, "Proportional
  solutions to bargaining situations", Econometrica 45:1623-1630): equal
  absolute gains; needs interpersonally comparable utilities.
* **utilitarian** -- maximise ``sum_i u_i`` (Harsanyi 1955; Myerson 1981):
  the largest total, however it is shared.
* **normalised_egalitarian** -- maximise ``min_i g_i / (a_i - d_i)``: the
  egalitarian criterion on gains normalised by each party's best gain in
  the ZOPA, so invariant to each party's scale. On a finite zone it is the
  Kalai-Smorodinsky criterion itself (the same package, tested): KS is the
  egalitarian solution of the normalised problem (Thomson 1994, "Cooperative
  models of bargaining", *Handbook of Game Theory* 2, ch. 35).
* **normalised_utilitarian** -- maximise ``sum_i g_i / (a_i - d_i)``
  (relative utilitarianism, Dhillon & Mertens 1999, "Relative
  utilitarianism", *Econometrica* 67:471-498, with the batna as each
  party's 0 and its best deal in the zone as its 1).

The egalitarian and utilitarian criteria compare utilities on the parties'
own scales: rescale one party's utilities and the answer moves. Their
normalised variants compare shares of each party's best possible gain.

With **sides** (:mod:`negotiation.sides`) the Nash products give each side
one weight split equally among its members; the ratifiers have no column in
any criterion.

Ties are broken deterministically by :func:`criteria.ranking_order`: scores
equal to 12 significant digits go to the larger utilitarian sum, then to the
package with the smaller index in the agreement space.

Over *lotteries* (the convex hull of the frontier, Nash's original setting)
the Nash products are maximised by outer approximation of the concave
``sum alpha_i log g_i`` with tangent planes, each step a linear programme
(Kelley 1960 cutting planes), certified by the Frank-Wolfe duality gap; the
egalitarian, Kalai-Smorodinsky and utilitarian solutions are linear
programmes (max-min, then the largest sum among the max-min optima).
"""
from __future__ import annotations

import numpy as np

from negotiation.game import TOL
from negotiation.solvers.criteria import alphas, check_criterion, criterion_scores, ranking_order


def solve_points(u, d, solution: str = "nash", power=None, package_index=None, sides=None,
                 inside=None) -> int | None:
    """Index of the row of ``u`` chosen by ``solution`` (None if no row has u >= d).

    ``u`` (points, parties), ``d`` (parties,). Rows below ``d`` are outside
    the ZOPA and never chosen; ``inside`` (points,) booleans, if given, says
    instead which rows are in the zone. ``package_index`` orders exact ties
    (default: the row number). The ideal point of Kalai-Smorodinsky is taken
    over the rows in the ZOPA. ``sides`` (:class:`negotiation.sides.Sides`):
    who sits at the table and on which side (None: every party alone); a
    ratifier's column has no bar here (its approval is in ``inside``).
    """
    check_criterion(solution, "solution")
    u, d = np.atleast_2d(np.asarray(u, float)), np.asarray(d, float)
    if inside is None:
        floor = d - TOL if sides is None else sides.floor(d)
        inside = (u >= floor).all(axis=1)
    inside = np.flatnonzero(inside)
    if not len(inside):
        return None
    ui = u[inside]
    index = np.arange(len(u)) if package_index is None else np.asarray(package_index)
    power = alphas(power, u.shape[1]) if solution == "asymmetric_nash" else None
    scores = criterion_scores(solution, ui, d, power=power, ideal=ui.max(axis=0), sides=sides)
    return int(inside[ranking_order(scores, ui, index[inside], sides)[0]])
