"""negotiation import SOURCE [-o FILE]: a GENIUS, GeniusWeb or GMCR+ model as a scenario.

Reads a GENIUS domain (a folder, or a domain XML with its profiles beside
it), GeniusWeb JSON profiles, or a GMCR+ ``.gmcr`` file, and writes the
scenario as commented YAML (where it came from, how it was mapped, what is
not modelled) that loads unchanged. What the file holds but the scenario
does not model is also printed on stderr. Bad input: one line per problem,
exit status 2.
"""
from __future__ import annotations

import sys
from pathlib import Path

from negotiation.commands import UsageError

NAME = "import"
HELP = "read a GENIUS / GeniusWeb / GMCR+ model and write it as a scenario file"
ORDER = 12
KINDS = ("genius", "geniusweb", "gmcr")


def add_arguments(parser) -> None:
    parser.add_argument("source", metavar="SOURCE",
                        help="a GENIUS domain folder or XML, GeniusWeb profiles, or a .gmcr file")
    parser.add_argument("-o", "--output", metavar="FILE",
                        help="the scenario file to write (default: print the YAML)")
    parser.add_argument("--from", dest="kind", choices=KINDS,
                        help="the format of SOURCE (default: detected)")


def run(args) -> int:
    from negotiation.formats.detect import import_source

    if not Path(args.source).exists():
        raise UsageError(f"{args.source}: no such file or folder")
    done = import_source(args.source, args.kind)
    for item in done.not_modelled:
        print(f"negotiation import: not modelled: {item}", file=sys.stderr)
    if not args.output:
        sys.stdout.write(done.yaml)
        return 0
    out = Path(args.output)
    if out.is_dir():
        raise UsageError(f"-o {out}: is a folder (expected a file name)")
    try:
        out.write_text(done.yaml, encoding="utf-8")
    except OSError as exc:
        raise UsageError(f"-o {out}: cannot write ({exc.strerror})") from None
    s = done.scenario
    print(f"{out}: {s.title} ({len(s.parties)} parties, {len(s.issues)} issues, "
          f"{len(s.constraints)} constraints), from {done.kind}")
    for coalition in done.coalitions:
        print(f"  coalition in the file: negotiation stability {out} --coalition "
              + ",".join(coalition))
    return 0
