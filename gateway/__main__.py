"""``python -m gateway``: the same as the ``mutugraph`` command."""

import sys

from gateway.cli import main

sys.exit(main())
