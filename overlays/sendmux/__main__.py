"""``python -m sendmux``: the ``sendmux-webhooks`` command (``listen``, ``trigger``, ``resend``, ``replay``)."""

from sendmux._cli import main

raise SystemExit(main())
