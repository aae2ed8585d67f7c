"""``python -m acupuncture_content`` runs the command line."""

import sys

from .cli import main

sys.exit(main())
