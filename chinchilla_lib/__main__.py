"""``python -m chinchilla_lib`` runs the ``chinchilla`` command."""

import sys

from chinchilla_lib.cli import main

sys.exit(main())
