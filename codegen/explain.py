"""Name the operations behind the schemas openapi-python-client refused.

openapi-python-client reports a schema it cannot take by its place in components (``Unable to process schema
/components/schemas/MailboxAppPasswordResult: Cannot take allOf a non-object``). A maintainer who pasted a tag of
the vendor's document needs the operations it breaks, so generate.sh pipes the generator's output through this
on failure: ``python -m codegen.explain HOISTED_SPEC SPEC_SHOWN < LOG``.
"""

from __future__ import annotations

import re
import sys

from sendmux_spec import load

REFUSED = re.compile(r"Unable to process schema (/components/schemas/([^\s:]+)):\s*\n+\s*(.+)")


def explain(log: str, spec_path: str, shown: str) -> str:
    document = load(spec_path)
    lines = []
    for where, name, reason in REFUSED.findall(log):
        operations = document.reaching(name)
        users = ", ".join(f"{op.operation_id or op.label} ({op.where})" for op in operations) or "no operation"
        lines.append(f"{shown}: {users}: the schema #{where} cannot be generated: {reason.strip()}")
    if not lines:
        return f"{shown}: openapi-python-client failed:\n{log}"
    return "\n".join(lines)


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print("usage: python -m codegen.explain HOISTED_SPEC SPEC_SHOWN < LOG", file=sys.stderr)
        return 2
    print(explain(sys.stdin.read(), argv[0], argv[1]), file=sys.stderr)
    return 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
