"""Red-line testing: joint feasibility, price, binding, credibility, relaxations.

Definitions (``docs/concepts/offramps.md``). The red lines and conditions of a scenario
(``kind`` red_line or condition) bind every agreement; feasibility rules are
never relaxed. With all of them held, the ZOPA is the set of acceptable
packages where every party's effective utility meets its batna (Raiffa 1982,
*The Art and Science of Negotiation*).

* **jointly feasible**: the ZOPA with every red line held is non-empty.
* **price** of a red line c: the best criterion score (Nash product by
  default) over the ZOPA with c dropped and all others held, minus the best
  with all held; an empty ZOPA counts 0. **binding**: price > 0. The price
  is what holding the red line costs the best agreement (the shadow price
  of a discrete constraint).
* **credible**: every feasible package that crosses the red line leaves its
  owner below its batna (effective utility, audience cost included): the
  owner would rather walk away than accept any such package. A red line that
  is not credible is a posture (Schelling 1960, *The Strategy of Conflict*,
  ch. 2, on commitments; Fearon 1994 on audience costs that make them
  credible). Vacuously credible if no feasible package crosses it.
* **minimal relaxations** (minimal correction sets) and **minimal conflicts**
  (minimal unsatisfiable subsets): see :mod:`negotiation.solvers.redlines.relaxations`
  (Reiter 1987; Liffiton & Sakallah 2008). Both are empty lists when the red
  lines are jointly feasible. When no feasible package meets every batna
  even with every red line dropped, no relaxation helps: minimal relaxations
  is empty, the only minimal conflict is the empty set (the batnas alone
  conflict), and the result says so.
  A price of 0 can hide a red line that matters: where the ZOPA is empty and
  dropping this red line alone makes it non-empty at a package where some
  party is exactly at its batna (Nash product 0). Such a red line also counts
  as binding (``restores_zopa``): holding it is what stands between the
  parties and any deal.
* **conflicts with**: the red lines that share a minimal conflict with c.

Two routes compute these, chosen by ``method`` as :func:`negotiation.solve`
does: ``"enumerate"`` works on the enumerated feasible packages (:mod:`.analysis`);
``"milp"`` answers the same questions exactly by mixed-integer search,
without enumeration (:mod:`negotiation.solvers.redlines.milp`); ``"auto"``
enumerates when the agreement space is within the enumeration limit. The
MILP route cannot count packages: ``zopa_size`` and ``candidates`` are None.
"""
from __future__ import annotations

from negotiation.inputs import as_game
from negotiation.solvers.criteria import check_criterion
from negotiation.solvers.methods import choose_method
from negotiation.solvers.redlines.analysis import enumerated_analysis
from negotiation.solvers.redlines.milp import analyze_red_lines_milp
from negotiation.solvers.redlines.results import RedLine, RedLineAnalysis

__all__ = ["RedLine", "RedLineAnalysis", "analyze_red_lines"]


def analyze_red_lines(scenario, criterion: str = "nash", method: str = "auto", drop=(),
                      values=None) -> RedLineAnalysis:
    """Test every red line and condition of a scenario (definitions above).

    Parameters
    ----------
    scenario : Scenario, Game, str or os.PathLike
        The scenario, its compiled game, or a path / bundled name.
    criterion : str
        The bargaining criterion that prices a red line (``nash`` default).
    method : {"auto", "enumerate", "milp"}
        Enumerate every feasible package, search exactly by MILP, or choose
        by the enumeration limit.
    drop : sequence of str
        Red lines or conditions given up before the analysis (their ids):
        the remaining ones are tested as if the dropped ones were never
        stated.
    values : mapping, optional
        Parameter overrides, validated as :meth:`Scenario.with_parameters`.

    Returns
    -------
    RedLineAnalysis

    Raises
    ------
    ValueError
        An unknown criterion, method, parameter or dropped constraint, or a
        value outside its declared range.
    OrdinalOnly
        Some party states only an ordinal ranking.

    Examples
    --------
    >>> import negotiation
    >>> negotiation.analyze_red_lines("standoff").jointly_feasible
    True
    """
    check_criterion(criterion)
    game = as_game(scenario, values, what="analyze_red_lines")
    game.require_cardinal("the red-line analysis")
    game = game.without(drop)
    if choose_method(game, method) == "milp":
        return analyze_red_lines_milp(game, criterion)
    return enumerated_analysis(game, criterion)
