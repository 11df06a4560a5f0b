"""How much each input moves a measure: Sobol and Morris indices, tornado.

* **Sobol indices** (Sobol' 2001; estimators of Saltelli et al. 2010, as
  implemented by SALib): the first-order index S1 of an input is the share
  of the measure's variance explained by that input alone,
  Var(E[Y | X_i]) / Var(Y); the total index ST adds all its interactions,
  E[Var(Y | X_~i)] / Var(Y). For an additive Y = a + 2b with independent
  uniform inputs of equal width, S1 = ST = 1/5 and 4/5.
* **Morris elementary effects** (Morris 1991; mu* of Campolongo, Cariboni &
  Saltelli 2007): mu* is the mean absolute change of the measure per
  one-at-a-time step (scaled to the input's range), sigma the spread of the
  effects (non-linearity or interaction).
* **Tornado**: one input at a time from the low to the high end of its range,
  the others at their current values; inputs sorted by the swing.

Sampling and analysis are SALib's own (``SALib.sample.sobol`` /
``SALib.analyze.sobol``, ``SALib.sample.morris`` / ``SALib.analyze.morris``);
the variants run through the same engine as :func:`sweep`. A measure that
never changes has no variance to share out: its Sobol indices are NaN.
"""
from __future__ import annotations

import warnings

import numpy as np
import pandas as pd

from negotiation.inputs import as_scenario
from negotiation.scenario.override import is_path, known_paths
from negotiation.sweeps.core import make_plan, run_design, same_argument
from negotiation.sweeps.factors import resolve_factors
from negotiation.sweeps.sampling import MORRIS_LEVELS, design, salib_problem

NUM_RESAMPLES = 100


def sensitivity(scenario, measure, vary=None, method: str = "sobol",
                samples: int | None = None, seed: int | None = None, values=None,
                n: int | None = None, **run) -> pd.DataFrame:
    """Sobol (S1, S1_conf, ST, ST_conf) or Morris (mu, mu_star, mu_star_conf,
    sigma) indices of one measure, a row per varied input.

    ``vary`` as in :func:`sweep` (default: every parameter with a range);
    ``samples`` (``n``, its older name) is SALib's base sample size (sobol: N,
    giving N x (inputs + 2) variants; morris: trajectories, N x (inputs + 1)
    variants). Extra keyword
    arguments (workers, executor, scheduler, progress) go to the runner.

    Sobol indices after Sobol' (2001) and Saltelli et al. (2010), Morris
    elementary effects after Morris (1991) and Campolongo, Cariboni &
    Saltelli (2007), both computed by SALib; see the module docstring.

    Parameters
    ----------
    scenario : Scenario, Game, str or os.PathLike
        The scenario, its compiled game, or a path / bundled name.
    measure : str or callable
        One measure: a name (``zopa_size``, ``utility:nash:russia``, ...) or
        a function of a scenario returning a number or a bool.
    vary : mapping or sequence of str, optional
        The inputs, as in :func:`sweep`: for a sequence of values, its
        minimum and maximum bound a uniform range.
    method : {"sobol", "morris"}
        The indices to compute.
    samples : int, optional
        SALib's base sample size (see above).
    seed : int, optional
        Seed of the design and of the bootstrap intervals (default 0).
    values : mapping, optional
        Parameter overrides, validated as :meth:`Scenario.with_parameters`.
    n : int, optional
        The older name of ``samples``.
    **run
        ``workers``, ``executor``, ``scheduler``, ``progress``: see
        :func:`sweep`.

    Returns
    -------
    pandas.DataFrame
        One row per input: ``parameter`` and the indices (sobol: ``S1``,
        ``S1_conf``, ``ST``, ``ST_conf``; morris: ``mu``, ``mu_star``,
        ``mu_star_conf``, ``sigma``).

    Raises
    ------
    ValueError
        An unknown method, parameter or measure, a measure that is not a
        number, or a value outside a declared range.
    TypeError
        ``samples`` and ``n`` both given, with different values.

    Examples
    --------
    For the additive ``Y = a + 2 b`` with independent uniform inputs of
    equal width, ``S1 = ST = 1/5`` and ``4/5``:

    >>> import negotiation
    >>> def y(scenario):
    ...     return scenario.values["sanctions"] + 2 * scenario.values["war_cost"]
    >>> vary = {"sanctions": [0.0, 0.5], "war_cost": [0.0, 0.5]}
    >>> table = negotiation.sensitivity("standoff", y, vary=vary, samples=128, seed=0)
    >>> table[["parameter", "S1", "ST"]].round(2)
       parameter   S1   ST
    0  sanctions  0.2  0.2
    1   war_cost  0.8  0.8

    Morris' ``mu_star`` is the effect of a change over the whole range,
    here ``1 * 0.5`` and ``2 * 0.5``:

    >>> table = negotiation.sensitivity("standoff", y, vary=vary, method="morris",
    ...                                 samples=10, seed=0)
    >>> table["mu_star"].round(4).tolist()
    [0.5, 1.0]
    """
    if method not in ("sobol", "morris"):
        raise ValueError(f"unknown sensitivity method {method!r} (expected sobol or morris)")
    n = same_argument(samples, n)
    scenario = as_scenario(scenario, values, what="sensitivity")
    factors = resolve_factors(scenario, vary)
    plan = make_plan(scenario, [measure], factors)
    seed = 0 if seed is None else seed
    inputs = design(factors, method, n, seed)
    table = run_design(plan, inputs, {"method": method, "n": n, "seed": seed}, **run)
    return indices(table, plan.measures[0].name, factors, method, seed)


def indices(table: pd.DataFrame, measure: str, factors, method: str, seed=None) -> pd.DataFrame:
    """Analyse a sweep table made with ``method`` sobol or morris (SALib)."""
    problem = salib_problem(factors)
    y = _numeric(table[measure], measure)
    with warnings.catch_warnings():  # a constant measure: 0/0 variance shares
        warnings.simplefilter("ignore")
        if method == "sobol":
            from SALib.analyze import sobol

            si = sobol.analyze(problem, y, calc_second_order=False, seed=seed,
                               num_resamples=NUM_RESAMPLES)
            keys = ("S1", "S1_conf", "ST", "ST_conf")
        else:
            from SALib.analyze import morris

            x = table[problem["names"]].to_numpy(float)
            si = morris.analyze(problem, x, y, num_levels=MORRIS_LEVELS, seed=seed,
                                num_resamples=NUM_RESAMPLES)
            keys = ("mu", "mu_star", "mu_star_conf", "sigma")
    out = pd.DataFrame({"parameter": problem["names"],
                        **{k: np.asarray(si[k], float) for k in keys}})
    out.attrs.update(measure=measure, method=method)
    return out


def _numeric(column: pd.Series, name: str) -> np.ndarray:
    if not (pd.api.types.is_numeric_dtype(column) or pd.api.types.is_bool_dtype(column)):
        raise ValueError(f"measure {name!r} is not a number; sensitivity needs a numeric "
                         "(or true/false) measure")
    return column.to_numpy(float)


def tornado(scenario, measure, vary=None, values=None, **run) -> pd.DataFrame:
    """One input at a time over its range, the others at their values.

    Returns a row per input: ``parameter, low, high, at_low, at_high, base,
    swing`` (|at_high - at_low|), largest swing first.

    Parameters
    ----------
    scenario : Scenario, Game, str or os.PathLike
        The scenario, its compiled game, or a path / bundled name.
    measure : str or callable
        One measure: a name or a function of a scenario returning a number
        or a bool.
    vary : mapping or sequence of str, optional
        The inputs, as in :func:`sweep` (default: every parameter with a
        range); each goes from the minimum to the maximum of its values.
    values : mapping, optional
        Parameter overrides (the base values), validated as
        :meth:`Scenario.with_parameters`.
    **run
        ``workers``, ``executor``, ``scheduler``, ``progress``: see
        :func:`sweep`.

    Returns
    -------
    pandas.DataFrame
        One row per input, as described above.

    Raises
    ------
    ValueError
        An unknown parameter or measure, a measure that is not a number,
        or a value outside a declared range.

    Examples
    --------
    The challenger's batna in ``standoff`` is ``p_win - war_cost -
    sanctions``: ``sanctions`` and ``p_win`` move it with opposite signs over
    ranges of the same width (0.6), so they swing the size of the zone of
    possible agreement by the same amount, in opposite directions.

    >>> import negotiation
    >>> table = negotiation.tornado("standoff", "zopa_size")
    >>> table[["parameter", "at_low", "at_high", "swing"]]
       parameter  at_low  at_high  swing
    0  sanctions     1.0     14.0   13.0
    1      p_win    14.0      1.0   13.0
    2   war_cost     7.0     14.0    7.0
    """
    scenario = as_scenario(scenario, values, what="tornado")
    factors = resolve_factors(scenario, vary)
    plan = make_plan(scenario, [measure], factors)
    base = _current_values(scenario, [f.name for f in factors])
    rows = [dict(base)]
    for f in factors:
        rows += [{**base, f.name: f.low}, {**base, f.name: f.high}]
    inputs = pd.DataFrame(rows, columns=[f.name for f in factors], dtype=float)
    inputs.index.name = "variant"
    table = run_design(plan, inputs, {"method": "tornado"}, **run)
    y = _numeric(table[plan.measures[0].name], plan.measures[0].name)
    out = pd.DataFrame({
        "parameter": [f.name for f in factors],
        "low": [f.low for f in factors], "high": [f.high for f in factors],
        "at_low": y[1::2], "at_high": y[2::2], "base": y[0]})
    out["swing"] = (out["at_high"] - out["at_low"]).abs()
    out = out.sort_values("swing", ascending=False, kind="stable").reset_index(drop=True)
    out.attrs.update(measure=plan.measures[0].name)
    return out


def _current_values(scenario, names) -> dict[str, float]:
    values, paths = scenario.values, known_paths(scenario)
    return {n: scenario.value(paths[n]) if is_path(n) else values[n] for n in names}
