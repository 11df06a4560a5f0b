"""What the format says for GENIUS-like models: raw weights and the cap at 1,
a discount per party, ordered numeric issues, no status quo, labels in the
reports, and the frontier's truncation flag.

The utilities of a GENIUS domain are checked against a brute force that reads
the XML here (ElementTree through defusedxml) and computes GENIUS's additive
utility, ``min(1, sum_i w_i * e_i(v) / max_v e_i(v))``, without the importer.
The domains are competition data kept outside the package (read, never
copied: a test that rescales a profile writes the rescaled copy to a
temporary folder); without them those tests are skipped.
"""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import defusedxml.ElementTree as SafeET
import numpy as np
import pytest
import yaml

import negotiation
from negotiation.cli import main
from negotiation.game import compile_game
from negotiation.scenario import ScenarioError, loads

ANAC = Path(__file__).parents[1].parent / "shared" / "genius"
ITEX = ANAC / "y2012_ItexvsCypressB"  # 180 outcomes, 2 parties, discount 0.75
ROBOT = ANAC / "y2015_group9_killer_robot"  # integer issues
needs_anac = pytest.mark.skipif(not ITEX.is_dir(), reason="ANAC domains not available")


def run_cli(capsys, *argv):
    status = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return status, out, err


# ------------------------------------------------------------ brute force
def genius_utilities(folder: Path) -> np.ndarray:
    """GENIUS's utility of every outcome (lexicographic, the last issue fastest)
    for every profile (sorted by file name): weights as written, capped at 1."""
    roots = [SafeET.parse(p).getroot() for p in sorted(folder.glob("*.xml"))]
    domain = next(r for r in roots if r.tag == "negotiation_template")
    issues = [(i.get("index"), [v.get("value") for v in i.iter("item")])
              for i in domain.iter("issue")]
    grid = np.indices([len(values) for _, values in issues]).reshape(len(issues), -1)
    columns = []
    for root in (r for r in roots if r.tag == "utility_space"):
        weights = {w.get("index"): float(w.get("value")) for w in root.iter("weight")}
        elements = {i.get("index"): i for i in root.iter("issue")}
        total = np.zeros(grid.shape[1])
        for (index, values), rows in zip(issues, grid):
            table = {v.get("value"): float(v.get("evaluation"))
                     for v in elements[index].iter("item")}
            e = np.array([table[v] for v in values]) / max(table.values())
            total += weights[index] * e[rows]
        columns.append(np.minimum(total, 1.0))
    return np.stack(columns, axis=1)


def rescaled_copy(source: Path, folder: Path, factors: dict[str, float]) -> Path:
    """The domain in ``folder`` with each named profile's weights multiplied."""
    shutil.copytree(source, folder)
    for name, factor in factors.items():
        path = folder / name
        tree = SafeET.parse(path)
        for weight in tree.getroot().iter("weight"):
            weight.set("value", repr(float(weight.get("value")) * factor))
        tree.write(path)
    return folder


# ------------------------------------------------- 1. raw weights, the cap
@needs_anac
@pytest.mark.parametrize("factors", [{"ItexvsCypress-B-prof1.xml": 0.99358},
                                     {"ItexvsCypress-B-prof1.xml": 1.1,
                                      "ItexvsCypress-B-prof2.xml": 0.9}])
def test_raw_weights_of_a_genius_profile_give_genius_utilities(tmp_path, factors):
    folder = rescaled_copy(ITEX, tmp_path / "itex", factors)
    expected = genius_utilities(folder)
    scenario = negotiation.load(folder)
    game = compile_game(scenario)
    assert not scenario.preferences["prof1"].normalise  # its weights do not sum to 1
    assert np.allclose(game.utilities(game.feasible_packages), expected, atol=1e-12)
    reservations = [0.25, 0.25]  # the files' reservation values, written unchanged
    assert [scenario.value(p.batna) for p in scenario.parties.values()] == reservations
    zone = (expected >= np.array(reservations) - 1e-9).all(axis=1)
    assert negotiation.zopa(scenario).size == int(zone.sum())


@needs_anac
def test_raw_weights_survive_the_round_trip_through_genius(tmp_path):
    folder = rescaled_copy(ITEX, tmp_path / "itex", {"ItexvsCypress-B-prof1.xml": 1.1})
    first = negotiation.load(folder)
    first.to_genius(tmp_path / "again")
    second = negotiation.load(tmp_path / "again")
    assert second.preferences == first.preferences
    assert np.allclose(genius_utilities(tmp_path / "again"), genius_utilities(folder))


@needs_anac
def test_an_imported_domain_keeps_its_discount_and_declares_no_status_quo():
    scenario = negotiation.load(ITEX)
    assert not scenario.has_status_quo
    assert [scenario.value(p.discount) for p in scenario.parties.values()] == [0.75, 0.75]
    assert scenario.values["discount_prof1"] == 0.75  # a parameter, so sweeps vary it


CAPPED = """
format: negotiation/1
title: Weights summing to 1.1
parties:
  a: {batna: 0.2}
  b: {batna: 0.2}
issues:
  x: {options: [x0, x1, x2], status_quo: x1}
  y: {options: [y0, y1], status_quo: y0}
preferences:
  a:
    normalise: false
    weights: {x: 0.6, y: 0.5}
    scores:
      x: {x0: 1.0, x1: 0.5, x2: 0.0}
      y: {y0: 0.2, y1: 1.0}
  b:
    weights: {x: 2, y: 2}
    scores:
      x: {x0: 0.0, x1: 0.5, x2: 1.0}
      y: {y0: 1.0, y1: 0.0}
"""


def by_hand(x: int, y: int) -> tuple[float, float]:
    """The two utilities of package (x, y) of CAPPED, from its numbers."""
    a = min(1.0, 0.6 * (1.0, 0.5, 0.0)[x] + 0.5 * (0.2, 1.0)[y])
    b = 0.5 * (0.0, 0.5, 1.0)[x] + 0.5 * (1.0, 0.0)[y]  # normalised: 2 / (2 + 2)
    return a, b


def test_utility_of_raw_weights_is_capped_at_one():
    game = compile_game(loads(CAPPED))
    packages = game.feasible_packages
    expected = np.array([by_hand(int(x), int(y)) for x, y in packages])
    assert np.allclose(game.utilities(packages), expected)
    assert game.utilities(np.array([[0, 1]]))[0, 0] == 1.0  # 0.6 + 0.5 capped
    assert not np.allclose(game.utilities(packages)[:, 0],
                           game.issue_utilities(packages)[:, 0])  # the cap bound somewhere


@pytest.mark.parametrize("criterion", ["nash", "utilitarian", "egalitarian",
                                       "kalai_smorodinsky"])
def test_the_milp_route_caps_as_the_enumeration_does(criterion):
    scenario = loads(CAPPED)
    enumerated = negotiation.solve(scenario, criterion, method="enumerate")
    searched = negotiation.solve(scenario, criterion, method="milp")
    assert searched.utilities == pytest.approx(enumerated.utilities, abs=1e-7)


def test_random_raw_weights_give_the_same_bargaining_points_by_milp():
    rng = np.random.default_rng(7)
    for _ in range(6):
        data = yaml.safe_load(CAPPED)
        for party in ("a", "b"):
            pref = data["preferences"][party]
            pref["normalise"] = False
            pref["weights"] = {"x": float(rng.uniform(0.3, 0.9)), "y": float(rng.uniform(0.3, 0.9))}
            for issue, table in pref["scores"].items():
                pref["scores"][issue] = {o: float(rng.uniform()) for o in table}
        scenario = loads(yaml.safe_dump(data))
        for criterion in ("nash", "egalitarian"):
            enumerated = negotiation.solve(scenario, criterion, method="enumerate")
            searched = negotiation.solve(scenario, criterion, method="milp")
            if enumerated.package is None:
                assert searched.package is None
                continue
            assert searched.utilities == pytest.approx(enumerated.utilities, abs=1e-7)


def test_variants_cap_as_the_game_does():
    from negotiation.variants import Baseline

    scenario = loads(CAPPED)
    base = Baseline(scenario, compile_game(scenario).feasible_packages)
    block = base.block({"preferences.a.weights.y": np.array([0.5, 0.9])})
    for k, w in enumerate((0.5, 0.9)):
        game = compile_game(loads(CAPPED.replace("weights: {x: 0.6, y: 0.5}",
                                                 f"weights: {{x: 0.6, y: {w}}}")))
        assert np.allclose(block.effective[k], game.effective(base.packages))


def test_normalise_false_round_trips_through_yaml():
    scenario = loads(CAPPED)
    assert loads(scenario.to_yaml()) == scenario
    additive = negotiation.scenario_schema()["properties"]["preferences"][
        "additionalProperties"]["oneOf"][0]
    assert "normalise" in additive["properties"]


# --------------------------------------------------------- 2. discounts
def test_a_party_declares_its_discount_as_a_number_or_a_parameter():
    text = CAPPED.replace("a: {batna: 0.2}", "a: {batna: 0.2, discount: 0.9}").replace(
        "b: {batna: 0.2}", "b: {batna: 0.2, discount: patience}").replace(
        "parties:", "parameters:\n  patience: {value: 0.8, range: [0.5, 1]}\nparties:")
    scenario = loads(text)
    assert [scenario.value(p.discount) for p in scenario.parties.values()] == [0.9, 0.8]
    assert scenario.with_parameters(patience=0.6).value(scenario.parties["b"].discount) == 0.6
    assert loads(scenario.to_yaml()) == scenario
    with pytest.raises(ScenarioError, match=r"discount is 1.5 \(expected a discount factor"):
        loads(CAPPED.replace("a: {batna: 0.2}", "a: {batna: 0.2, discount: 1.5}"))


def test_show_reports_the_declared_discounts(capsys, tmp_path):
    path = tmp_path / "d.yaml"
    path.write_text(CAPPED.replace("a: {batna: 0.2}", "a: {batna: 0.2, discount: 0.9}"))
    status, out, _ = run_cli(capsys, "show", path)
    assert status == 0 and "discount" in out and "0.900" in out
    status, out, _ = run_cli(capsys, "show", path, "--format", "json")
    parties = json.loads(out)["parties"]
    assert parties["a"]["discount"] == 0.9 and parties["b"]["discount"] is None


# ------------------------------------------------ 3. ordered numeric issues
ORDERED = """
format: negotiation/1
title: An ordered price
parties: {buyer: {batna: 0.1}, seller: {batna: 0.1}}
issues:
  price:
    ordered: true
    options:
      low: {value: 100}
      mid: {value: 150, label: "150 (list price)"}
      high: {value: 200}
preferences:
  buyer: {weights: {price: 1}, scores: {price: {low: 1, mid: 0.5, high: 0}}}
  seller: {weights: {price: 1}, scores: {price: {low: 0, mid: 0.5, high: 1}}}
"""


def test_an_ordered_issue_keeps_its_values_in_order():
    scenario = loads(ORDERED)
    price = scenario.issues["price"]
    assert price.ordered and [o.value for o in price.options] == [100, 150, 200]
    assert [o.shown for o in price.options] == ["100", "150 (list price)", "200"]
    assert loads(scenario.to_yaml()) == scenario


def test_an_ordered_issue_needs_increasing_values():
    with pytest.raises(ScenarioError, match="value 90 of 'high' does not exceed 150"):
        loads(ORDERED.replace("high: {value: 200}", "high: {value: 90}"))
    with pytest.raises(ScenarioError, match="needs a value for every option; missing for low"):
        loads(ORDERED.replace("low: {value: 100}", "low: {label: cheap}"))


def test_reports_show_the_values_of_an_ordered_issue(capsys, tmp_path):
    path = tmp_path / "o.yaml"
    path.write_text(ORDERED)
    _, out, _ = run_cli(capsys, "show", path)
    assert "low (100), mid (150 (list price)), high (200)" in out
    _, out, _ = run_cli(capsys, "solve", path)
    assert "price: 100 -> 150 (list price)" in out  # the Nash point, from the first option


@pytest.mark.skipif(not ROBOT.is_dir(), reason="ANAC domains not available")
def test_integer_genius_issues_become_ordered_issues():
    guns = negotiation.load(ROBOT).issues["Guns"]
    assert guns.ordered and [o.value for o in guns.options] == list(range(1, 11))


# --------------------------------------------------------- 4. no status quo
NO_STATUS_QUO = """
format: negotiation/1
title: Laptops without a status quo
status_quo: none
parties: {buyer: {batna: 0.2}, seller: {batna: 0.2}}
issues:
  screen:
    name: Screen
    options:
      v_19_LCD: {label: "19'' LCD"}
      v_15_inch: {label: "15 inch"}
  price: {options: [cheap, dear]}
preferences:
  buyer:
    weights: {screen: 0.5, price: 0.5}
    scores: {screen: {v_19_LCD: 1, v_15_inch: 0}, price: {cheap: 1, dear: 0}}
  seller:
    weights: {screen: 0.3, price: 0.7}
    scores: {screen: {v_19_LCD: 0, v_15_inch: 1}, price: {cheap: 0, dear: 1}}
offramp: {for: seller, requires: price == cheap}
"""


def written(tmp_path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text)
    return path


@pytest.fixture()
def no_status_quo(tmp_path) -> Path:
    return written(tmp_path, "nosq.yaml", NO_STATUS_QUO)


def test_show_without_a_status_quo_prints_no_utility_or_margin_there(capsys, no_status_quo):
    status, out, _ = run_cli(capsys, "show", no_status_quo)
    assert status == 0 and "No status quo" in out
    headers = [line for line in out.splitlines() if line.startswith(("party ", "issue "))]
    assert len(headers) == 2
    assert not any("status quo" in h or "margin" in h for h in headers)
    data = json.loads(run_cli(capsys, "show", no_status_quo, "--format", "json")[1])
    assert data["status_quo"] is None
    assert data["parties"]["buyer"]["status_quo_utility"] is None


def test_offramps_without_a_status_quo_report_face_as_not_applicable(capsys, no_status_quo):
    status, out, _ = run_cli(capsys, "offramps", no_status_quo)
    assert status == 0 and "face-saving: not applicable" in out.lower()
    assert "visible gain" not in out
    data = json.loads(run_cli(capsys, "offramps", no_status_quo, "--format", "json")[1])
    assert data["face_applicable"] is False and data["exists"]


def test_the_status_quo_analysis_refuses_a_scenario_without_one(capsys, no_status_quo):
    status, out, err = run_cli(capsys, "stability", no_status_quo)
    assert status == 2 and out == "" and "Traceback" not in err
    assert "no issue of this scenario has a controller" in err  # none may, without one
    game = compile_game(negotiation.load(no_status_quo))
    with pytest.raises(ValueError, match="needs a status quo, and this scenario declares "
                                         "status_quo: none"):
        game.require_status_quo("the status-quo analysis")


@pytest.mark.parametrize("old, new, message", [
    ("price: {options: [cheap, dear]}", "price: {options: [cheap, dear], status_quo: dear}",
     "issues.price.status_quo: the scenario declares status_quo: none"),
    ("price: {options: [cheap, dear]}", "price: {options: [cheap, dear], controlled_by: buyer}",
     "controlled_by needs a status quo"),
    ("buyer: {batna: 0.2}", "buyer: {batna: 0.2, audience_cost: 0.1}",
     "parties.buyer.audience_cost: an audience cost is paid for a visible loss"),
])
def test_what_needs_a_status_quo_is_refused_without_one(old, new, message):
    with pytest.raises(ScenarioError, match=message):
        loads(NO_STATUS_QUO.replace(old, new))


def test_a_missing_status_quo_still_defaults_to_the_first_option_with_a_note():
    from negotiation.scenario.notes import notes

    text = NO_STATUS_QUO.replace("status_quo: none\n", "")
    scenario = loads(text)
    assert scenario.has_status_quo and scenario.status_quo["price"] == "cheap"
    assert [n.path for n in notes(text)] == ["issues.screen", "issues.price"]
    assert notes(NO_STATUS_QUO) == []


def test_no_status_quo_round_trips_through_yaml(no_status_quo):
    scenario = negotiation.load(no_status_quo)
    assert loads(scenario.to_yaml()) == scenario and not loads(scenario.to_yaml()).has_status_quo


# ----------------------------------------------------------- 5. labels
LABELLED = """
format: negotiation/1
title: A laptop with labels
parties: {buyer: {batna: 0.1}, seller: {batna: 0.1}}
issues:
  screen:
    name: Screen size
    options:
      v_19_LCD: {label: "19'' LCD"}
      v_15_inch: {label: "15 inch"}
    status_quo: v_15_inch
  Operating_System:
    name: Operating System
    options:
      Windows: {label: "Windows 10"}
      Linux:
    status_quo: Linux
preferences:
  buyer:
    weights: {screen: 0.7, Operating_System: 0.3}
    scores: {screen: {v_19_LCD: 1, v_15_inch: 0}, Operating_System: {Windows: 1, Linux: 0}}
  seller:
    weights: {screen: 0.4, Operating_System: 0.6}
    scores: {screen: {v_19_LCD: 0.6, v_15_inch: 1}, Operating_System: {Windows: 0.5, Linux: 1}}
offramp: {for: seller, requires: screen == v_19_LCD}
"""


@pytest.fixture()
def labelled(tmp_path) -> Path:
    return written(tmp_path, "labelled.yaml", LABELLED)


def test_show_prints_labels_beside_the_ids_rules_need(capsys, labelled):
    _, out, _ = run_cli(capsys, "show", labelled)
    assert "v_19_LCD (19'' LCD), v_15_inch (15 inch)" in out
    assert "Windows (Windows 10), Linux" in out


def test_solve_prints_labels_and_json_keeps_ids(capsys, labelled):
    _, out, _ = run_cli(capsys, "solve", labelled)
    assert "Screen size: 15 inch -> 19'' LCD" in out
    assert "v_19_LCD" not in out
    data = json.loads(run_cli(capsys, "solve", labelled, "--format", "json")[1])
    assert data["solutions"]["nash"]["package"]["screen"] == "v_19_LCD"
    assert "19'' LCD" not in json.dumps(data)


def test_offramps_print_labels(capsys, labelled):
    _, out, _ = run_cli(capsys, "offramps", labelled)  # no golden bridge: they cost face
    assert "Screen size: 15 inch -> 19'' LCD" in out and "v_19_LCD" not in out.split("\n\n", 3)[-1]
    _, out, _ = run_cli(capsys, "offramps", labelled, "--face", "cost")
    assert "1. Screen size 15 inch -> 19'' LCD" in out
    assert "v_15_inch -> v_19_LCD" not in out


def test_labels_apply_only_within_the_block():
    from negotiation.results import compact_label
    from negotiation.results import labelled as labelled_names

    scenario = loads(LABELLED)
    package = {"screen": "v_19_LCD", "Operating_System": "Linux"}
    with labelled_names(scenario):
        inside = compact_label(package)
    assert inside == "Screen size=19'' LCD, Operating System=Linux"
    assert compact_label(package) == "screen=v_19_LCD, Operating_System=Linux"


# ------------------------------------------------- 6. the frontier's total
def test_solve_json_says_when_the_frontier_is_cut(capsys, tmp_path):
    n = 1500  # every split of one issue is Pareto efficient
    options = [f"o{k}" for k in range(n)]
    data = {"format": "negotiation/1", "title": "Many splits",
            "parties": {"a": {}, "b": {}}, "issues": {"split": {"options": options}},
            "preferences": {
                "a": {"weights": {"split": 1}, "scores": {"split": {o: k / n for k, o in
                                                                     enumerate(options)}}},
                "b": {"weights": {"split": 1}, "scores": {"split": {o: 1 - k / n for k, o in
                                                                     enumerate(options)}}}}}
    path = tmp_path / "many.yaml"
    path.write_text(yaml.safe_dump(data))
    status, out, _ = run_cli(capsys, "solve", path, "--format", "json", "--solution", "nash")
    result = json.loads(out)
    assert status == 0 and result["frontier_size"] == n
    assert result["frontier_truncated"] is True and len(result["frontier"]) == 1000


# ------------------------------------------------------------- the schema
def test_the_schema_has_the_new_keys_and_prints_as_valid_json(capsys):
    from jsonschema import Draft202012Validator

    status, out, _ = run_cli(capsys, "schema")
    schema = json.loads(out)
    Draft202012Validator.check_schema(schema)
    props = schema["properties"]
    assert props["status_quo"]["enum"] == ["none"]
    assert "discount" in props["parties"]["additionalProperties"]["properties"]
    issue = props["issues"]["additionalProperties"]["properties"]
    assert "ordered" in issue
    option = issue["options"]["oneOf"][1]["additionalProperties"]["oneOf"][1]
    assert "value" in option["properties"]
    for text in (CAPPED, ORDERED, NO_STATUS_QUO, LABELLED):  # each file meets the schema
        assert not list(Draft202012Validator(schema).iter_errors(yaml.safe_load(text)))
