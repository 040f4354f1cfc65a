"""Entry point of the packaged command line (``charter``): the same as the pip-installed one."""

import multiprocessing
import sys

from charter_app.cli import main

# A worker process of the packaged app (PDF compile, large diffs) starts this same program:
# freeze_support runs the worker's task instead of the app, and does nothing otherwise.
multiprocessing.freeze_support()
sys.exit(main())
