"""The ``sendmux`` command: ``listen``, ``trigger`` and ``replay``, for developing a webhook receiver locally.

Only argparse loads to parse the command line; each subcommand imports what it needs when it runs. The API key
comes from ``SENDMUX_API_KEY`` only (a flag would show it to every user of the machine in ``ps``).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

__all__ = ["build_parser", "main"]

_EPILOG = (
    "Environment: SENDMUX_BASE_URL (a loopback URL such as http://127.0.0.1:8025/api/v1 means the local emulator; "
    "default: Sendmux), SENDMUX_API_KEY (read from the environment only, never from a flag), "
    "SENDMUX_EMULATOR_TOKEN (only for an emulator bound beyond loopback)."
)


def build_parser() -> argparse.ArgumentParser:
    from ._options import event_types, http_url, https_url, key_value, port

    parser = argparse.ArgumentParser(
        prog="sendmux",
        description="Develop a Sendmux webhook receiver locally: forward deliveries, trigger events, replay them.",
        epilog=_EPILOG,
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    listen = commands.add_parser(
        "listen",
        help="forward deliveries to a local URL",
        description=(
            "Subscribe a temporary webhook and forward each delivery to --forward-to, verified and with Sendmux's "
            "headers, printing one line per delivery. The first line holds the signing secret the forwarded "
            "deliveries are signed with. Against the local emulator nothing else is needed; against Sendmux give "
            "--public-url (a tunnel you run to --port). Ctrl-C deletes the webhook and exits 0."
        ),
        epilog=_EPILOG,
    )
    listen.add_argument(
        "--forward-to",
        required=True,
        type=http_url,
        metavar="URL",
        help="your receiver's URL (plain http://localhost is fine)",
    )
    listen.add_argument(
        "--events", type=event_types, metavar="TYPE,…", help="only these event types (default: every type)"
    )
    listen.add_argument(
        "--port",
        type=port,
        default=0,
        metavar="N",
        help="local port deliveries arrive on (default: a free one with the emulator)",
    )
    listen.add_argument(
        "--public-url", type=https_url, metavar="URL", help="against Sendmux: the https URL of a tunnel to --port"
    )

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
        type=key_value,
        action="append",
        default=[],
        metavar="KEY=VALUE",
        help="replace a key of the event's data, repeatable; VALUE is JSON when it parses as JSON, else a string "
        "(--data bounce_type=Transient --data 'recipients=[\"a@example.com\"]')",
    )

    replay = commands.add_parser(
        "replay",
        help="re-send a stored delivery payload to a URL",
        description=(
            "Fetch the stored payload of one delivery attempt (get_delivery_payload), sign it with the secret "
            "given and POST it to --to: for reprocessing deliveries your receiver failed."
        ),
        epilog=_EPILOG + " SENDMUX_WEBHOOK_SECRET: the secret, when --secret is not given.",
    )
    replay.add_argument("webhook_id", metavar="WEBHOOK_ID", help="the webhook, whk_…")
    replay.add_argument("delivery_id", metavar="DELIVERY_ID", help="the delivery attempt, whda_…")
    replay.add_argument("--to", required=True, type=http_url, metavar="URL", help="where to POST it")
    replay.add_argument("--secret", metavar="WHSEC", help="the signing secret (default: SENDMUX_WEBHOOK_SECRET)")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run one subcommand; its exit status (2 for a bad flag or a missing setting, each named)."""
    parser = build_parser()
    args = parser.parse_args(argv)
    from ._options import UsageError

    try:
        if args.command == "listen":
            from ._listen import listen

            return listen(args)
        if args.command == "trigger":
            from ._trigger import trigger

            return trigger(args)
        from ._replay import replay

        return replay(args)
    except UsageError as exc:
        parser.exit(2, f"sendmux {args.command}: error: {exc}\n")
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
