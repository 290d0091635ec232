"""``python -m sendmux._cli``: the ``sendmux-webhooks`` command."""

import sys

from . import main

sys.exit(main())
