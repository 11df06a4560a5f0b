"""negotiation new [--template NAME] FILE: write a commented starter scenario."""
from __future__ import annotations

from importlib import resources
from pathlib import Path

from negotiation.commands import UsageError

NAME = "new"
HELP = "write a commented starter scenario to edit (never overwrites a file)"
ORDER = 11

TEMPLATES = {
    "two_party": "two parties, three issues, a red line and a condition",
    "crisis": "two states and a war block: war as the outcome of failed talks, a private cost",
    "multilateral": "four parties, a coalition's condition and a feasibility rule",
}


def add_arguments(parser) -> None:
    parser.add_argument("file", metavar="FILE", type=Path,
                        help="the scenario file to write (it must not exist yet)")
    choices = "; ".join(f"{name}: {what}" for name, what in TEMPLATES.items())
    parser.add_argument("--template", choices=list(TEMPLATES), default="two_party",
                        help=f"the starter to copy (default: two_party). {choices}")


def template_text(name: str) -> str:
    """The YAML text of a starter scenario (one of :data:`TEMPLATES`).

    Examples
    --------
    >>> import negotiation
    >>> negotiation.loads(template_text("crisis")).war.initiator
    'challenger'
    """
    if name not in TEMPLATES:
        raise ValueError(f"unknown template {name!r} (expected one of: {', '.join(TEMPLATES)})")
    folder = resources.files("negotiation") / "data" / "templates"
    return (folder / f"{name}.yaml").read_text(encoding="utf-8")


def run(args) -> int:
    path: Path = args.file
    text = template_text(args.template)
    try:
        # "x": create, never replace (also when the file appears meanwhile)
        with open(path, "x", encoding="utf-8") as handle:
            handle.write(text)
    except FileExistsError:
        raise UsageError(f"{path}: exists already; new never overwrites a file (give another "
                         "name, or remove this one first)") from None
    except OSError as exc:
        raise UsageError(f"{path}: cannot write the file ({exc.strerror or exc})") from None
    from negotiation.prose import terminal_width, wrap_prose

    print(wrap_prose(f"wrote {path} (the {args.template} starter: {TEMPLATES[args.template]}). "
                     f"Edit it, then: negotiation validate {path}; negotiation run {path}",
                     terminal_width()))
    return 0
