"""The command line: ``python -m sendmux_emulator``, ``sendmux-emulator`` and ``make emulator``."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from .._control.token import new_control_token
from .._state.config import DEVELOPMENT_KEY, FAULT_KINDS, EmulatorConfig
from .local_only import is_loopback_host
from .server import serve

__all__ = ["build_parser", "main"]


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="sendmux-emulator",
        description="Serve a local, stateful emulator of the Sendmux webhooks API.",
        epilog=(
            "To subscribe a receiver on a running emulator, plain http on loopback included: sendmux-emulator "
            "subscribe URL --secret whsec_... --events TYPE,... (see sendmux-emulator subscribe --help)."
        ),
    )
    add = parser.add_argument
    add("--host", default="127.0.0.1", help="bind address (default: %(default)s)")
    add("--port", type=int, default=8025, help="port; 0 picks a free one (default: %(default)s)")
    add(
        "--api-key",
        action="append",
        metavar="KEY[=TEAM]",
        help="full-permission key, repeatable; a key without =TEAM is its own team (default: smx_root_dev)",
    )
    add(
        "--readonly-api-key",
        action="append",
        metavar="KEY[=TEAM]",
        default=[],
        help="key holding only webhook.read, repeatable",
    )
    add(
        "--no-webhook-api-key",
        action="append",
        metavar="KEY[=TEAM]",
        default=[],
        help="valid key whose role holds no webhook permission (every route: 403), repeatable",
    )
    add(
        "--webhook-limit",
        type=int,
        default=10,
        metavar="N",
        help="webhooks per team before 409 limit_exceeded (default: %(default)s)",
    )
    add("--rate-limit", type=int, default=600, metavar="N", help="requests per 60 s per key (default: %(default)s)")
    add(
        "--time-scale",
        type=float,
        default=1.0,
        metavar="F",
        help="multiplies every delivery delay and the receiver timeout (default: %(default)s)",
    )
    add("--no-signature-v2", action="store_true", help="send only X-Sendmux-Signature, not the timestamped V2 headers")
    add(
        "--ca-file", metavar="PATH", help="extra CA (PEM) trusted when delivering over HTTPS (default: system CAs only)"
    )
    add("--deliver-anywhere", action="store_true", help="also deliver to non-loopback hosts (default: loopback only)")
    add(
        "--fault-rate",
        type=float,
        default=0.0,
        metavar="P",
        help="share of API requests that get an injected fault (default: 0)",
    )
    add(
        "--fault-kinds",
        default="all",
        metavar="LIST",
        help=f"comma-separated subset of {','.join(FAULT_KINDS)} (default: all)",
    )
    add("--fault-seed", type=int, default=0, metavar="N", help="seed of the fault sequence (default: %(default)s)")
    return parser


def config_from_args(args: argparse.Namespace) -> EmulatorConfig:
    """The configuration the parsed flags describe; raises ValueError for invalid values."""
    kinds = (
        FAULT_KINDS
        if args.fault_kinds.strip() == "all"
        else tuple(kind.strip() for kind in args.fault_kinds.split(",") if kind.strip())
    )
    return EmulatorConfig(
        api_keys=tuple(args.api_key or [DEVELOPMENT_KEY]),
        readonly_api_keys=tuple(args.readonly_api_key),
        no_webhook_api_keys=tuple(args.no_webhook_api_key),
        webhook_limit=args.webhook_limit,
        rate_limit=args.rate_limit,
        time_scale=args.time_scale,
        signature_v2=not args.no_signature_v2,
        ca_file=args.ca_file,
        deliver_anywhere=args.deliver_anywhere,
        fault_rate=args.fault_rate,
        fault_kinds=kinds,
        fault_seed=args.fault_seed,
    )


def main(argv: Sequence[str] | None = None) -> int:
    """Run until SIGINT or SIGTERM; 0 after a clean shutdown, 1 when the address is taken, 2 on bad flags."""
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        config = config_from_args(args)
    except ValueError as exc:
        parser.error(str(exc))

    if not is_loopback_host(args.host):  # reachable from other machines: the control routes need a token
        config = config.replace(control_token=new_control_token())

    def announce(url: str) -> None:
        print(f"Sendmux emulator listening on {url}", flush=True)
        root = url.rsplit("/api/", 1)[0]
        if config.control_token is None:
            print(f"Delivery inspector: {root}/_emulator/", file=sys.stderr, flush=True)
        else:
            lines = [
                f"Warning: {args.host} is beyond loopback, so other machines can reach this emulator.",
                f"The control routes and the inspector need its token: X-Emulator-Token: {config.control_token}",
            ]
            if DEVELOPMENT_KEY in config.teams:
                fix = "use another --api-key" if len(config.teams) > 1 else "give --api-key smx_root_<your own key>"
                lines.append(f"The development key {DEVELOPMENT_KEY} is refused on the API: {fix}.")
            lines.append(f"Delivery inspector: {root}/_emulator/?token={config.control_token}")
            print("\n".join(lines), file=sys.stderr, flush=True)

    try:
        serve(config, args.host, args.port, announce)
    except OSError as exc:
        print(f"sendmux-emulator: cannot listen on {args.host}:{args.port}: {exc}", file=sys.stderr)
        return 1
    return 0
