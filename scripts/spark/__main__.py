"""`python -m spark ...`: what `scripts/spark-job` runs inside its virtual environment."""

import sys

from .cli import main

sys.exit(main())
