"""The ``sendmux-webhooks`` command (also ``python -m sendmux``): ``listen``, ``trigger``, ``resend`` and
``replay``, for developing a webhook receiver locally. Its name leaves ``sendmux`` to Sendmux's own CLI.

Only argparse loads to parse the command line; each subcommand imports what it needs when it runs. The API key
comes from ``SENDMUX_API_KEY`` only (a flag would show it to every user of the machine in ``ps``). Every error is
one line saying what to do, never a traceback.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

__all__ = ["build_parser", "main"]

PROG = "sendmux-webhooks"
_EPILOG = (
    "Environment: SENDMUX_BASE_URL (a loopback URL such as http://127.0.0.1:8025/api/v1 means the local emulator, "
    "which needs no key; default: Sendmux), SENDMUX_API_KEY (read from the environment only, never from a flag), "
    "SENDMUX_EMULATOR_TOKEN (only for an emulator bound beyond loopback)."
)
_SECRET_HELP = "the signing secret (default: SENDMUX_WEBHOOK_SECRET's first, else listen's secret on this machine)"


def build_parser() -> argparse.ArgumentParser:
    from ._options import event_types, http_url, https_url, port, whsec

    parser = argparse.ArgumentParser(
        prog=PROG,
        description="Develop a Sendmux webhook receiver locally: forward deliveries, trigger events, resend them.",
        epilog=_EPILOG,
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    listen = commands.add_parser(
        "listen",
        help="forward deliveries to a local URL",
        description=(
            "Subscribe a temporary webhook and forward each delivery to --forward-to, verified, with Sendmux's "
            "headers, signed with this machine's listen secret, printing one line per delivery. The first line "
            "holds that secret; it stays the same from run to run (kept in your config folder). Against the local "
            "emulator nothing else is needed; against Sendmux give --public-url (a tunnel you run to --port). "
            "Ctrl-C, SIGTERM or SIGHUP deletes the webhook and exits 0; one left by a killed run is deleted by the "
            "next."
        ),
        epilog=_EPILOG,
    )
    listen.add_argument(
        "--forward-to", type=http_url, metavar="URL", help="your receiver's URL (http://localhost is fine)"
    )
    listen.add_argument(
        "--events", type=event_types, metavar="TYPE,…", help="only these event types (default: every type)"
    )
    listen.add_argument(
        "--port", type=port, default=0, metavar="N", help="local port deliveries arrive on (default: a free one)"
    )
    listen.add_argument(
        "--public-url", type=https_url, metavar="URL", help="against Sendmux: the https URL of a tunnel to --port"
    )
    listen.add_argument("--secret", type=whsec, metavar="WHSEC", help="use (and keep from now on) this secret")
    listen.add_argument("--print-secret", action="store_true", help="print listen's signing secret and exit")

    trigger = commands.add_parser(
        "trigger",
        help="emit an event on the local emulator",
        description=(
            "Emit an event on the local emulator, with the realistic defaults of the spec's example of its type; "
            "every subscription of the team that lists the type gets it."
        ),
        epilog=_EPILOG,
    )
    trigger.add_argument(
        "event_type", metavar="EVENT_TYPE", type=lambda v: event_types(v, one=True), help="e.g. message.bounced"
    )
    trigger.add_argument(
        "--data",
        type=_data_pair,
        action="append",
        default=[],
        metavar="KEY=VALUE",
        help="replace a key of the event's data, repeatable; VALUE is JSON (a bare word is a string), checked "
        "against the event's schema (--data bounce_type=Transient --data 'recipients=[\"a@example.com\"]')",
    )

    resend = commands.add_parser(
        "resend",
        help="deliver an event again",
        description=(
            "Find the event's newest delivery to your running listen's webhook (or --webhook) and deliver it again: "
            "on the emulator, as a new delivery to that webhook; with --to, its stored body signed here and POSTed "
            "to URL. Prints the answer's status and first line. Needs no key on a loopback emulator."
        ),
        epilog=_EPILOG,
    )
    resend.add_argument("event_id", metavar="EVENT_ID", help="the event, evt_… (listen prints it)")
    resend.add_argument("--webhook", metavar="WEBHOOK_ID", help="the webhook, whk_… (default: your running listen's)")
    resend.add_argument("--to", type=http_url, metavar="URL", help="POST it here instead")
    resend.add_argument("--secret", type=whsec, metavar="WHSEC", help=_SECRET_HELP + " (with --to)")

    replay = commands.add_parser(
        "replay",
        help="re-send one stored delivery attempt to a URL",
        description=(
            "Fetch the stored body of one delivery attempt, sign it with the secret and POST it to --to: for "
            "reprocessing deliveries your receiver failed. Prints the answer's status and first line."
        ),
        epilog=_EPILOG,
    )
    replay.add_argument("webhook_id", metavar="WEBHOOK_ID", help="the webhook, whk_…")
    replay.add_argument("delivery_id", metavar="DELIVERY_ID", help="the delivery attempt, whda_…")
    replay.add_argument("--to", required=True, type=http_url, metavar="URL", help="where to POST it")
    replay.add_argument("--secret", type=whsec, metavar="WHSEC", help=_SECRET_HELP)
    return parser


def _data_pair(value: str) -> tuple[str, str]:
    from .._event_examples import DATA_KEYS

    key, sep, text = value.partition("=")
    if not sep or key.strip() not in DATA_KEYS:
        raise argparse.ArgumentTypeError(f"expected KEY=VALUE with KEY one of {', '.join(DATA_KEYS)}, got {value!r}")
    return key.strip(), text


def main(argv: Sequence[str] | None = None) -> int:
    """Run one subcommand; its exit status: 2 for a bad flag or a missing setting, 1 for another failure, each
    printed as one line."""
    args = build_parser().parse_args(argv)
    try:
        if args.command == "listen":
            from ._listen import listen as run
        elif args.command == "trigger":
            from ._trigger import trigger as run
        elif args.command == "resend":
            from ._resend import resend as run
        else:
            from ._resend import replay as run
        return run(args)
    except KeyboardInterrupt:
        return 130
    except Exception as exc:
        status, message = _explained(exc)
        print(f"{PROG} {args.command}: error: {message}", file=sys.stderr, flush=True)
        return status


def _explained(exc: Exception) -> tuple[int, str]:
    from ..errors import APIConnectionError, APIError, AuthenticationError, SendmuxError
    from ._options import CommandError

    if isinstance(exc, CommandError):
        return exc.status, str(exc)
    if isinstance(exc, AuthenticationError):
        return 1, f"Sendmux refused SENDMUX_API_KEY: {exc}"
    if isinstance(exc, APIError):
        return 1, f"Sendmux answered {exc}"
    if isinstance(exc, APIConnectionError):
        return 1, f"could not reach Sendmux: {exc.message}"
    if isinstance(exc, SendmuxError | ValueError | OSError):
        return 1, str(exc)
    return (
        1,
        f"{type(exc).__name__}: {exc} (unexpected: please report it at https://github.com/Sendmux/sendmux-python/issues)",
    )


if __name__ == "__main__":
    sys.exit(main())
