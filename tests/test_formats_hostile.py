"""Malformed and hostile foreign files get the treatment YAML files get: a
ScenarioError with FILE:LINE where the parser knows it, exit status 2 from
the command line, no traceback; XML entities (bombs, external files) are
refused, never expanded or read.
"""
from __future__ import annotations

import json
import subprocess
import sys

import pytest

import negotiation
from negotiation.cli import main
from negotiation.scenario import ScenarioError

DOMAIN = """<?xml version="1.0"?>
<negotiation_template>
<utility_space number_of_issues="2">
<objective index="0" name="Laptop" type="objective" etype="objective">
<issue index="1" name="Brand" etype="discrete">
<item index="1" value="Dell"/><item index="2" value="Mac"/>
</issue>
<issue index="2" name="Screen" etype="discrete">
<item index="1" value="19'' LCD"/><item index="2" value="60 GB"/>
</issue>
</objective>
</utility_space>
</negotiation_template>
"""

PROFILE = """<utility_space>
<objective index="0" name="Laptop" type="objective" etype="objective">
<issue index="1" name="Brand"><item value="Dell" evaluation="3"/><item value="Mac" evaluation="1"/>
</issue>
<issue index="2" name="Screen"><item value="19'' LCD" evaluation="1"/>
<item value="60 GB" evaluation="2"/>
</issue>
<weight index="1" value="0.6"/>
<weight index="2" value="0.4"/>
</objective>
<reservation value="0.2"/>
</utility_space>
"""


def folder(tmp_path, profile=PROFILE, domain=DOMAIN):
    (tmp_path / "laptop.xml").write_text(domain)
    (tmp_path / "laptop_buyer.xml").write_text(profile)
    (tmp_path / "laptop_seller.xml").write_text(PROFILE)
    return tmp_path


def problems(path):
    with pytest.raises(ScenarioError) as info:
        negotiation.load(path)
    return info.value.problems


def test_the_well_formed_folder_loads(tmp_path):
    s = negotiation.load(folder(tmp_path))
    assert list(s.parties) == ["buyer", "seller"]
    assert [o.label for o in s.issues["Screen"].options] == ["19'' LCD", "60 GB"]


def test_xml_that_does_not_parse_is_placed_at_its_line(tmp_path):
    folder(tmp_path, profile=PROFILE.replace("</issue>\n<weight", "</isue>\n<weight", 1))
    (problem,) = problems(tmp_path)
    assert problem.file.endswith("laptop_buyer.xml") and problem.line == 7
    assert "not well-formed XML" in problem.message


def test_a_profile_for_another_domain(tmp_path):
    folder(tmp_path, profile=PROFILE.replace('name="Screen"', 'name="Memory"'))
    found = problems(tmp_path)
    assert any("not an issue of the domain" in p.message and p.line == 5 for p in found)


def test_a_value_the_domain_does_not_have(tmp_path):
    folder(tmp_path, profile=PROFILE.replace('value="Mac"', 'value="HP"'))
    assert any("'HP' is not a value of the domain's issue 'Brand'" in p.message
               for p in problems(tmp_path))


def test_a_negative_weight_and_a_negative_evaluation(tmp_path):
    bad = PROFILE.replace('value="0.6"', 'value="-0.6"').replace('evaluation="2"',
                                                                 'evaluation="-2"')
    folder(tmp_path, profile=bad)
    found = {(p.line, p.message.split(" (")[0]) for p in problems(tmp_path)}
    assert (6, "the evaluation of '60 GB'") in found
    assert any(line == 8 and "negative" in m for line, m in found)


def test_a_real_issue_is_refused_clearly(tmp_path):
    real = DOMAIN.replace('<issue index="2" name="Screen" etype="discrete">',
                          '<issue index="2" name="Screen" etype="real" lowerbound="0" '
                          'upperbound="1">')
    folder(tmp_path, domain=real)
    (problem,) = problems(tmp_path)
    assert problem.line == 8 and "real issues are not imported" in problem.message


BOMB = """<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>
<negotiation_template><utility_space><objective><issue index="1" name="&lol3;"/>
</objective></utility_space></negotiation_template>
"""


def test_an_entity_expansion_bomb_is_refused(tmp_path):
    (tmp_path / "bomb.xml").write_text(BOMB)
    (problem,) = problems(tmp_path / "bomb.xml")
    assert "entity declarations are refused" in problem.message and problem.line == 2


def test_an_external_entity_is_not_read(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP SECRET")
    xxe = (f'<?xml version="1.0"?>\n<!DOCTYPE d [<!ENTITY x SYSTEM "file://{secret}">]>\n'
           '<negotiation_template><utility_space><objective>'
           '<issue index="1" name="&x;"><item value="a"/></issue>'
           '</objective></utility_space></negotiation_template>\n')
    (tmp_path / "xxe.xml").write_text(xxe)
    (problem,) = problems(tmp_path / "xxe.xml")
    assert "refused" in problem.message and "TOP SECRET" not in str(problem)


def test_a_gmcr_file_naming_a_missing_option(tmp_path):
    model = {"options": [{"name": "a", "permittedDirection": "both"}],
             "decisionMakers": [{"name": "x", "options": [0, 3], "preferences": [[[5, "Y"]]]}],
             "infeasibles": [[[2, "N"]]]}
    path = tmp_path / "bad.gmcr"
    path.write_text(json.dumps(model))
    found = {(p.path, p.message.split(" (")[0]) for p in problems(path)}
    assert ("decisionMakers[0].options[1]", "option 3 does not exist") in found
    assert ("infeasibles[0]", "option 2 does not exist") in found


def test_gmcr_json_that_does_not_parse_and_a_bad_ranking(tmp_path):
    path = tmp_path / "bad.gmcr"
    path.write_text('{"options": [\n  {"name": "a",}\n]}')
    (problem,) = problems(path)
    assert (problem.line, "not valid JSON" in problem.message) == (2, True)
    model = {"options": [{"name": "a"}], "useManualPreferenceRanking": True,
             "decisionMakers": [{"name": "x", "options": [0], "preferenceRanking": [1, 1]}]}
    path.write_text(json.dumps(model))
    messages = [p.message for p in problems(path)]
    assert "state 1 is ranked twice" in messages
    assert any("misses state(s) 2" in m for m in messages)


def test_the_command_line_exits_2_without_a_traceback(tmp_path):
    (tmp_path / "bomb.xml").write_text(BOMB)
    for argv in (["import", str(tmp_path / "bomb.xml")], ["validate", str(tmp_path / "bomb.xml")],
                 ["solve", str(tmp_path / "bomb.xml")]):
        done = subprocess.run([sys.executable, "-m", "negotiation", *argv], capture_output=True,
                              text=True, timeout=60)
        assert done.returncode == 2, argv
        assert "Traceback" not in done.stderr and "bomb.xml:2:" in done.stderr


def test_import_refuses_what_is_not_a_model(tmp_path, capsys):
    assert main(["import", str(tmp_path / "missing.gmcr")]) == 2
    (tmp_path / "plain.json").write_text('{"title": "t"}')
    assert main(["import", str(tmp_path / "plain.json")]) == 2
    err = capsys.readouterr().err
    assert "no such file" in err and "not a GENIUS domain, GeniusWeb profile or GMCR+" in err


def test_json_that_is_a_scenario_still_loads_as_yaml(tmp_path):
    data = {"title": "t", "parties": {"a": {}}, "issues": {"x": {"options": ["p", "q"]}},
            "preferences": {"a": {"weights": {"x": 1}, "scores": {"x": {"p": 1, "q": 0}}}}}
    (tmp_path / "s.json").write_text(json.dumps(data))
    assert negotiation.load(tmp_path / "s.json").title == "t"
