"""``python -m charter_app.cli``."""

from __future__ import annotations

import sys

from charter_app.cli import main

sys.exit(main())
