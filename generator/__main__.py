"""`python -m example_pages`: the same as the `example-pages` command."""

import sys

from .cli import main

sys.exit(main())
