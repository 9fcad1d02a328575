"""``python -m engine`` runs the zhice command line."""

from zhice.cli import main

main()
