"""The command line: parses arguments, calls the API, renders. Nothing else.

Each subcommand lives in ``negotiation/commands/<name>.py`` and defines
``NAME``, ``HELP``, ``add_arguments(parser)`` and ``run(args) -> int``;
the modules are discovered by :func:`negotiation.commands.command_modules`,
so adding a command touches no other file.
Bad input of any kind ends with one clear message on stderr and exit
status 2, never a traceback.
"""
from __future__ import annotations

import argparse
import gc
import sys

from negotiation import __version__
from negotiation.commands import UsageError, command_modules, command_names

EXIT_BAD_INPUT = 2
EXIT_INTERRUPTED = 130  # the shell's code for a process ended by SIGINT


class _Parser(argparse.ArgumentParser):
    def error(self, message):  # argparse's own errors: exit 2, no traceback
        self.print_usage(sys.stderr)
        print(f"{self.prog}: error: {message}", file=sys.stderr)
        raise SystemExit(EXIT_BAD_INPUT)


def build_parser(only: str | None = None) -> argparse.ArgumentParser:
    """The parser of every command, or of the command ``only`` alone (a
    command pays only for its own imports)."""
    parser = _Parser(prog="negotiation",
                     description="Game-theory simulator of negotiation positions.")
    parser.add_argument("--version", action="version", version=f"negotiation {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    for module in command_modules([only] if only in command_names() else None):
        p = sub.add_parser(module.NAME, help=module.HELP, description=module.HELP)
        module.add_arguments(p)
        p.set_defaults(handler=module.run)
    return parser


def entry() -> int:
    """The ``negotiation`` program: :func:`main`, and then the process ends."""
    status = main()
    # What the command wrote is written and closed. On the way out the
    # interpreter's last collection would walk every live object once more
    # (about 10 ms of a 150 ms ``validate``): the survivors are frozen out of
    # its sight (finalizers registered with atexit or weakref.finalize still run).
    gc.freeze()
    return status


def main(argv: list[str] | None = None) -> int:
    if (sys.argv[1:] if argv is None else argv) == ["--version"]:
        print(f"negotiation {__version__}")  # without building every command's parser
        return 0
    from negotiation.errors import OrdinalOnly, RatifiersUnsupported, ScenarioError, SpaceTooLarge

    words = sys.argv[1:] if argv is None else argv
    parser = build_parser(words[0] if words else None)
    args = parser.parse_args(argv)
    if not getattr(args, "handler", None):
        parser.print_help()
        return EXIT_BAD_INPUT
    try:
        return int(args.handler(args) or 0)
    except ScenarioError as exc:
        print(str(exc), file=sys.stderr)
    except (UsageError, SpaceTooLarge, OrdinalOnly, RatifiersUnsupported) as exc:
        print(f"negotiation {args.command}: {exc}", file=sys.stderr)
    except BrokenPipeError:
        return 0
    except KeyboardInterrupt:  # Ctrl-C: one line, no traceback (a sweep keeps its partial file)
        print(f"negotiation {args.command}: interrupted", file=sys.stderr)
        return EXIT_INTERRUPTED
    return EXIT_BAD_INPUT
