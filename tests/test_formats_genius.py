"""GENIUS / ANAC domains: every one loads, and what the analyses find over its
individually rational outcomes matches a brute force written here.

The brute force reads the XML on its own (ElementTree through defusedxml),
computes GENIUS's utilities with numpy (a discrete evaluation divided by the
largest of its issue; an integer issue's linear evaluator, clipped to [0, 1])
and the textbook definitions: the Pareto frontier, the Nash product, the
Kalai-Smorodinsky ratio with the ideal point inside the zone, the
egalitarian gain and the utilitarian sum. The importer's code is not used.

The domains are competition data kept outside the package; without them the
tests are skipped. On the domains of more than ~50,000 outcomes the
frontier is checked on random samples (every frontier point sampled is
undominated in the zone; every zone point sampled is covered by the
frontier), to keep the suite fast. The Nash point is also compared with
NegMAS's on the small domains where NegMAS is installed (its
Kalai-Smorodinsky point normalises by the global maximum instead of the
ideal point within the zone, so that one is compared with the textbook brute
force only).
"""
from __future__ import annotations

from pathlib import Path

import defusedxml.ElementTree as SafeET
import numpy as np
import pytest

import negotiation

ANAC = Path(__file__).parents[1].parent / "shared" / "genius"
DOMAINS = sorted(p for p in ANAC.iterdir() if p.is_dir()) if ANAC.is_dir() else []
pytestmark = pytest.mark.skipif(not DOMAINS, reason="ANAC domains not available")
TOL = 1e-9
PAIRS_BUDGET = 2e7  # point x point comparisons per check before sampling


# ----------------------------------------------------------------- brute force
def _issues(root):
    out = []
    for issue in root.iter("issue"):
        kind = (issue.get("etype") or issue.get("type") or "discrete").lower()
        if kind == "integer":
            low, high = int(issue.get("lowerbound")), int(issue.get("upperbound"))
            out.append((issue.get("index"), kind, list(range(low, high + 1))))
        else:
            out.append((issue.get("index"), kind, [i.get("value") for i in issue.iter("item")]))
    return out


def _evaluations(root, issues):
    weights = {w.get("index"): float(w.get("value")) for w in root.iter("weight")}
    by_index = {i.get("index"): i for i in root.iter("issue")}
    evals = []
    for index, kind, values in issues:
        element = by_index[index]
        if kind == "integer":
            ev = element.find("evaluator")
            slope, offset = float(ev.get("slope")), float(ev.get("offset"))
            e = np.clip(slope * (np.array(values) - values[0]) + offset, 0, 1)
        else:
            table = {i.get("value"): float(i.get("evaluation")) for i in element.iter("item")}
            e = np.array([table[v] for v in values]) / max(table.values())
        evals.append(weights[index] * e)
    reservation = root.find("reservation")
    return evals, float(reservation.get("value")) if reservation is not None else 0.0


def brute_force(folder: Path):
    """(utilities of every outcome: (n, parties), reservation values)."""
    roots = {p: SafeET.parse(p).getroot() for p in sorted(folder.glob("*.xml"))}
    domain = next(r for r in roots.values() if r.tag == "negotiation_template")
    issues = _issues(domain)
    grids = np.indices([len(v) for _, _, v in issues]).reshape(len(issues), -1)
    columns, reservations = [], []
    for root in (r for r in roots.values() if r.tag == "utility_space"):
        evals, r = _evaluations(root, issues)
        columns.append(sum(e[g] for e, g in zip(evals, grids)))
        reservations.append(r)
    return np.stack(columns, axis=1), np.array(reservations)


def dominated_by_any(points, others):
    """(len(points),) bool: weakly worse everywhere and strictly somewhere."""
    out = np.zeros(len(points), bool)
    for start in range(0, len(points), 256):
        p = points[start:start + 256, None, :]
        worse = (p <= others[None] + TOL).all(axis=2) & (p < others[None] - TOL).any(axis=2)
        out[start:start + 256] = worse.any(axis=1)
    return out


def covered_by(points, front):
    """(len(points),) bool: dominated by or equal to some frontier point."""
    out = np.zeros(len(points), bool)
    for start in range(0, len(points), 256):
        p = points[start:start + 256, None, :]
        out[start:start + 256] = (p <= front[None] + TOL).all(axis=2).any(axis=1)
    return out


# ---------------------------------------------------------------------- tests
@pytest.fixture(scope="module", params=DOMAINS, ids=lambda p: p.name)
def domain(request):
    folder = request.param
    u, r = brute_force(folder)
    inside = (u >= r - TOL).all(axis=1)
    return folder, negotiation.load(folder), u[inside], r


def test_the_domain_loads_with_its_parties_and_size(domain):
    folder, scenario, ir, r = domain
    profiles = [p for p in folder.glob("*.xml")
                if SafeET.parse(p).getroot().tag == "utility_space"]
    assert len(scenario.parties) == len(profiles)
    assert [scenario.value(p.batna) for p in scenario.parties.values()] == pytest.approx(r)
    assert negotiation.zopa(scenario).size == len(ir)


def test_the_pareto_frontier_is_the_brute_force_one(domain):
    _, scenario, ir, _ = domain
    front = np.asarray(negotiation.frontier(scenario).utilities, float)
    rng = np.random.default_rng(0)
    # large domains: random samples, so that each check stays within the budget
    checked = _sample(front, PAIRS_BUDGET // len(ir), rng)
    assert not dominated_by_any(checked, ir).any()  # every frontier point is efficient
    sample = _sample(ir, PAIRS_BUDGET // len(front), rng)
    assert covered_by(sample, front).all()  # nothing efficient is missing


def _sample(points, size, rng):
    size = max(50, int(size))
    return points if len(points) <= size else points[rng.choice(len(points), size,
                                                                replace=False)]


def _best(scores):
    return float(np.max(scores))


@pytest.mark.parametrize("name", ["nash", "kalai_smorodinsky", "egalitarian", "utilitarian"])
def test_the_bargaining_solutions_score_what_the_brute_force_finds(domain, name):
    _, scenario, ir, r = domain
    solution = negotiation.solve(scenario, name)
    got = np.array([solution.utilities[p] for p in scenario.parties])
    gains, ideal = ir - r, ir.max(axis=0)
    span = np.where(ideal - r > 0, ideal - r, 1.0)

    def score(u):
        u = np.atleast_2d(u)
        return {"nash": np.prod(np.maximum(u - r, 0), axis=1),
                "kalai_smorodinsky": (np.maximum(u - r, 0) / span).min(axis=1),
                "egalitarian": (u - r).min(axis=1),
                "utilitarian": u.sum(axis=1)}[name]

    assert (got >= r - TOL).all()
    assert score(got)[0] == pytest.approx(_best(score(ir)), rel=1e-9, abs=1e-12)
    assert gains.shape[1] == len(scenario.parties)


SMALL = [d for d in DOMAINS if d.name in ("y2013_Ultimatum", "y2012_ItexvsCypressB",
                                         "y2015_group8_holiday", "y2012_CameraC",
                                         "y2016_Maxoops")]


@pytest.mark.parametrize("folder", SMALL, ids=lambda p: p.name)
def test_the_nash_point_matches_negmas(folder):
    """NegMAS's Nash point, from the utilities of the files as GENIUS defines
    them (the brute force's tables, given to NegMAS as linear additive
    utility functions with the reservation values)."""
    pytest.importorskip("negmas")
    from negmas.outcomes import make_issue, make_os
    from negmas.preferences import (
        LinearAdditiveUtilityFunction,
        TableFun,
        nash_points,
        pareto_frontier,
    )

    roots = {p: SafeET.parse(p).getroot() for p in sorted(folder.glob("*.xml"))}
    issues = _issues(next(r for r in roots.values() if r.tag == "negotiation_template"))
    space = make_os([make_issue([str(v) for v in values], name=str(index))
                     for index, _, values in issues])
    ufuns = []
    for root in (r for r in roots.values() if r.tag == "utility_space"):
        evals, reservation = _evaluations(root, issues)
        tables = [TableFun(dict(zip([str(v) for v in values], e)))
                  for (_, _, values), e in zip(issues, evals)]
        ufuns.append(LinearAdditiveUtilityFunction(values=tables, weights=[1.0] * len(tables),
                                                   outcome_space=space,
                                                   reserved_value=reservation))
    u, d = brute_force(folder)
    if (d < u.min(axis=0) - TOL).any():
        pytest.skip("a reservation value below the party's least utility: NegMAS then "
                    "measures gains from the least utility, not the textbook disagreement point")
    front, _ = pareto_frontier(ufuns, outcomes=list(space.enumerate()))
    (theirs, _), *_ = nash_points(ufuns, front, outcome_space=space)
    ours = negotiation.solve(negotiation.load(folder), "nash").utilities
    assert np.prod(np.array(list(ours.values())) - d) == \
        pytest.approx(np.prod(np.array(theirs) - d), rel=1e-9)


def test_labels_keep_the_original_names():
    camera = next((d for d in DOMAINS if d.name == "y2012_CameraC"), None)
    if camera is None:
        pytest.skip("ANAC domains not available")
    body = negotiation.load(camera).issues["Body"]
    assert [(o.id, o.label) for o in body.options][:3] == [
        ("Full_size", "Full size"), ("APS_C", "APS-C"), ("Micro_Four_Thirds", "Micro Four Thirds")]


def test_integer_issues_take_every_integer_of_their_bounds():
    robot = next((d for d in DOMAINS if d.name == "y2015_group9_killer_robot"), None)
    if robot is None:
        pytest.skip("ANAC domains not available")
    s = negotiation.load(robot)
    guns = s.issues["Guns"]
    assert [o.label for o in guns.options] == [str(k) for k in range(1, 11)]
    assert guns.option_ids[0] == "v_1"
    assert s.issues["Height_m"].name == "Height (m)"
    assert s.values["discount_util1"] == 1.0
