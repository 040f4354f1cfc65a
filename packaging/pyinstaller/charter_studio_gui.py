"""Entry point of the packaged app (``charter-studio``): the same as ``charter-app``."""

import sys

from charter_app.ui.app import main

sys.exit(main())
