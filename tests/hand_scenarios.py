"""Small scenarios whose red-line results are derived by hand in the tests."""

# a: never_give is credible (crossing it leaves a at 0.0 < 0.5); keep_it_all
# is a posture (split gives a 0.6 >= 0.5). Both held: only keep, where b has
# 0.0 < 0.1, so the zone is empty.
CREDIBLE_OR_NOT = """
format: negotiation/1
title: credible or not
parties:
  a: {batna: 0.5}
  b: {batna: 0.1}
issues:
  x: {options: [keep, split, give], status_quo: keep}
preferences:
  a: {weights: {x: 1}, scores: {x: {keep: 1.0, split: 0.6, give: 0.0}}}
  b: {weights: {x: 1}, scores: {x: {keep: 0.0, split: 0.5, give: 1.0}}}
constraints:
  - {id: never_give, owner: a, kind: red_line, rule: "x != give"}
  - {id: keep_it_all, owner: a, kind: red_line, rule: "x == keep"}
"""
