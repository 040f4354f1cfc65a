"""Entry point of the packaged command line (``charter``): the same as the pip-installed one."""

import multiprocessing
import sys

# A worker process of the packaged app (PDF compile, large diffs) starts this same program:
# freeze_support runs the worker's task instead of the app, and does nothing otherwise.
# It comes first, so such a worker does not import the app for nothing.
multiprocessing.freeze_support()

from charter_app.cli import main  # noqa: E402

sys.exit(main())
