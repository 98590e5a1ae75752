"""``python -m exporters`` runs the command line."""

from .cli import run

raise SystemExit(run())
