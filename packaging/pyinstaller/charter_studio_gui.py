"""Entry point of the packaged app (``charter-studio``): the same as ``charter-app``."""

import multiprocessing
import sys

from charter_app.ui.app import main

# A worker process of the packaged app (PDF compile, large diffs) starts this same program:
# freeze_support runs the worker's task instead of the app, and does nothing otherwise.
multiprocessing.freeze_support()
sys.exit(main())
