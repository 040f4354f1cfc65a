"""Entry point of the packaged command line (``charter``): the same as the pip-installed one."""

import sys

from charter_app.cli import main

sys.exit(main())
