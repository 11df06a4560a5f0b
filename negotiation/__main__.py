from negotiation.cli import entry

raise SystemExit(entry())
