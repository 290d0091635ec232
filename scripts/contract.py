"""`SENDMUX_API_KEY=... make contract BASE_URL=...`: does a running API still match openapi.yaml?

Two independent looks, reported operation by operation:

1. schemathesis against BASE_URL, in this process: examples, coverage, fuzzing (valid and invalid inputs)
   and stateful sequences chained through the spec's OpenAPI links, with every check except the ones listed
   in tools/contract/fuzzing.py's EXCLUDED_CHECKS, for the reason given there.
2. Every request recorded in tests/recorded/cassettes re-sent to BASE_URL, each answer validated against
   openapi.yaml with openapi-core (tools/contract/replay.py).

It leaves the team as it found it. Every URL it subscribes is under a host of its own below `.invalid`
(never resolves) unless RECEIVER_URL=https://... is given; test events go only to webhooks it created that
way; webhooks the team already had are never changed; every webhook it creates is deleted at the end, also
on failure and on Ctrl-C, and the report says how many. The key is read from SENDMUX_API_KEY in the
environment and handed to schemathesis through its Python API: it is on no command line.

Exit status: 0 both looks clean; 1 the API differs from the spec; 2 the contract could not be checked (the
reason is printed: unreachable server, rejected key, nothing could be created); 3 webhooks were left behind
(their ids are printed); 130 interrupted.
"""

from __future__ import annotations

import argparse
import os
import signal
import sys
from pathlib import Path
from types import FrameType

from tools.contract.ledger import Ledger
from tools.contract.targets import ReceiverError, SubscriptionTargets
from tools.contract.team import CannotRun, Team

ROOT = Path(__file__).resolve().parents[1]

KEY_VARIABLE = "SENDMUX_API_KEY"


class Interrupted(Exception):
    """Ctrl-C or SIGTERM: stop testing, clean up, exit 130."""


def _settings() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--base-url", default=os.environ.get("BASE_URL") or os.environ.get("SENDMUX_BASE_URL"))
    parser.add_argument("--max-examples", type=int, default=int(os.environ.get("MAX_EXAMPLES") or "20"))
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--spec", type=Path, default=ROOT / "openapi.yaml", help="the spec to hold the API to")
    parser.add_argument("--skip-schemathesis", action="store_true", help="only re-send the recorded requests")
    args = parser.parse_args()
    if not args.base_url:
        parser.error("give BASE_URL=... (Sendmux: https://app.sendmux.ai/api/v1; the emulator prints its own)")
    return args


def main() -> int:
    args = _settings()
    api_key = os.environ.get(KEY_VARIABLE, "")
    if not api_key:
        print(
            f"contract: set {KEY_VARIABLE} in the environment: {KEY_VARIABLE}=... make contract BASE_URL=...\n"
            "          (never API_KEY=... on the command line: every user of the machine can read it with ps)",
            file=sys.stderr,
        )
        return 2
    try:
        targets = SubscriptionTargets(os.environ.get("RECEIVER_URL"))
    except ReceiverError as exc:
        print(f"contract: {exc}", file=sys.stderr)
        return 2
    ledger = Ledger(targets, spec=args.spec)
    team = Team(args.base_url, api_key, ledger)
    interrupted = False

    def stop(signum: int, frame: FrameType | None) -> None:
        nonlocal interrupted
        interrupted = True
        raise KeyboardInterrupt

    signal.signal(signal.SIGINT, stop)
    signal.signal(signal.SIGTERM, stop)
    fuzz = recorded = 0
    try:
        ledger.before = frozenset(team.webhooks())
        print(f"== {args.base_url}: the key is accepted; the team has {len(ledger.before)} webhooks, left untouched")
        print(f"   this run subscribes only {targets.description}")
        team.probe()
        # schemathesis and openapi-core load only now: a run that cannot start says so without their ~2 s
        from tools.contract.fuzzing import run as run_schemathesis
        from tools.contract.replay import resend_cassettes

        if not args.skip_schemathesis:
            fuzz = run_schemathesis(args.spec, args.base_url, api_key, team, args.max_examples, args.seed)
            if interrupted:
                raise Interrupted
            if not any(op == "createWebhook" and 200 <= status < 300 for op, status in ledger.statuses):
                raise CannotRun("schemathesis created no webhook, so its stateful sequences tested nothing")
        recorded = resend_cassettes(args.spec, args.base_url, team)
        if ledger.only_rejected_keys():
            raise CannotRun("every answer was 401 or 403: the server did not accept the key")
    except CannotRun as exc:
        return _finish(team, 2, f"CANNOT CHECK: {exc}")
    except (KeyboardInterrupt, Interrupted):
        return _finish(team, 130, "interrupted; the webhooks it created are cleaned up above")
    except BaseException:
        _finish(team, 1, "crashed; see the traceback below")
        raise
    verdict = (
        f"schemathesis {'clean' if fuzz == 0 else 'FOUND DIFFERENCES'}, "
        f"recorded requests {'clean' if recorded == 0 else 'FOUND DIFFERENCES'}"
    )
    if ledger.unsafe:
        verdict += f"; the server subscribed URLs this run did not send: {', '.join(ledger.unsafe)}"
    for difference in ledger.differences:
        verdict += f"; {difference}"
    clean = fuzz == 0 and recorded == 0 and not ledger.unsafe and not ledger.differences
    return _finish(team, 0 if clean else 1, verdict)


def _finish(team: Team, status: int, verdict: str) -> int:
    """Put the team back as it was, then say how it went (last, so it is what a maintainer sees). A second
    Ctrl-C stops the cleanup and names what it leaves behind."""
    print("\n== cleanup", flush=True)
    try:
        report = team.clean_up()
    except KeyboardInterrupt:
        print(f"contract: cleanup interrupted; left behind: {', '.join(team.ledger.live()) or 'nothing'}")
        return 3
    finally:
        team.close()
    for line in report.lines(team.ledger.targets.description):
        print(line)
    if report.left_behind:
        status, verdict = 3, f"{verdict}; {len(report.left_behind)} webhooks LEFT BEHIND (listed above)"
    print(f"\ncontract: {verdict}", flush=True)
    return status


if __name__ == "__main__":
    sys.exit(main())
