"""``python -m sendmux_emulator`` and ``sendmux-emulator``: serve the emulator until SIGINT or SIGTERM. Without
the emulator extra, one line says how to install it (exit status 1). ``sendmux-emulator subscribe URL`` subscribes
a receiver on a running emulator instead (it needs no extra)."""

from __future__ import annotations

import sys
from collections.abc import Sequence

from . import missing

__all__ = ["main"]


def main(argv: Sequence[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else list(argv)
    if argv[:1] == ["subscribe"]:
        from ._serve.subscribe import main as subscribe

        return subscribe(argv[1:])
    if (message := missing()) is not None:
        print(f"sendmux-emulator: {message}", file=sys.stderr)
        return 1
    from ._serve.cli import main as serve

    return serve(argv)


if __name__ == "__main__":
    sys.exit(main())
