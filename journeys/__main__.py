"""``python -m journeys`` runs the command line."""

import sys

from journeys.cli import main

sys.exit(main())
