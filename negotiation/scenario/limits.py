"""The loader's limits: how much a scenario file may ask of it.

Whatever a file holds, loading it ends in a :class:`Scenario` or in one
clear message per problem; these bounds are what make that promise hold
for hostile input (deep nesting, alias bombs, devices instead of files).
They are documented in ``docs/scenario-format.md`` (section "Limits").
"""
from __future__ import annotations

#: Bytes read from a scenario file; a larger file is refused.
MAX_BYTES = 10 * 2**20

#: Values (mappings, lists and scalars) the document may expand to once
#: aliases are followed.
MAX_NODES = 200_000

#: Characters of all scalars (keys and values) once aliases are followed.
#: A file without aliases never reaches it (a character takes at least a
#: byte); one long string aliased thousands of times does.
MAX_EXPANDED_CHARS = MAX_BYTES

#: Nesting of the YAML document: the top-level keys and their values are
#: at level 2. The format itself needs 7 (preferences.P.ranking[k][j].issue).
MAX_YAML_DEPTH = 100

#: Nesting of a rule or an arithmetic expression: a comparison, number or
#: name is one level; each ``not``, unary minus, ``**``, ``min``/``max`` call
#: and operator above it adds one, and a chain of n terms joined by one
#: operator (``a and b and c``, ``x + y - z``) is one flat node that adds
#: log2(n). At most this many parentheses may be open at once, too.
MAX_EXPR_DEPTH = 300

#: Scalars longer than this are shortened when a message quotes them.
SHOWN_CHARS = 40

#: Control characters listed one by one before the rest are summed up.
MAX_LISTED = 20
