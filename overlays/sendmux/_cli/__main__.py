"""``python -m sendmux._cli``: the ``sendmux`` command."""

import sys

from . import main

sys.exit(main())
