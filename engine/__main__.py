"""``python -m engine`` runs the zhice command line."""

from engine.cli import main

main()
