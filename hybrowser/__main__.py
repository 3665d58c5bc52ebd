"""Entry point for ``python -m hybrowser``."""

import sys

from hybrowser.app import main

sys.exit(main())
