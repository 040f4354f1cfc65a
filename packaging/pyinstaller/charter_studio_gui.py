"""Entry point of the packaged app (``charter-studio``): the same as ``charter-app``."""

import multiprocessing
import sys

# A worker process of the packaged app (PDF compile, large diffs) starts this same program:
# freeze_support runs the worker's task instead of the app, and does nothing otherwise.
# It comes first, so such a worker does not import the app for nothing.
multiprocessing.freeze_support()

from charter_app.ui.app import main  # noqa: E402

sys.exit(main())
