"""The TLS settings of the httpx clients the SDK makes: httpx's own defaults (certificates and host names checked,
certifi's CAs or SSL_CERT_FILE's), read once a process and shared, since reading the CA file costs ~20 ms a client."""

from __future__ import annotations

import ssl
import subprocess
import sys
from pathlib import Path
from typing import Any

import certifi

from sendmux import AsyncSendmux, Sendmux

KEY = "smx_root_test_tls"


def _context(client: Sendmux | AsyncSendmux) -> Any:
    return client._http.client._transport._pool._ssl_context  # type: ignore[union-attr]


def test_every_client_shares_one_verifying_context() -> None:
    with Sendmux(api_key=KEY) as one, Sendmux(api_key=KEY, max_retries=0) as two:
        contexts = [_context(one), _context(two), _context(AsyncSendmux(api_key=KEY))]
    assert all(context is contexts[0] for context in contexts)
    context = contexts[0]
    assert isinstance(context, ssl.SSLContext)
    assert context.verify_mode == ssl.CERT_REQUIRED and context.check_hostname
    assert len(context.get_ca_certs()) > 10  # certifi's bundle, as httpx loads it


def test_ssl_cert_file_is_honoured_as_httpx_honours_it(tmp_path: Path) -> None:
    bundle = Path(certifi.where()).read_text(encoding="ascii")
    first = bundle[bundle.index("-----BEGIN CERTIFICATE-----") : bundle.index("-----END CERTIFICATE-----") + 25]
    (tmp_path / "one.pem").write_text(first + "\n", encoding="ascii")
    code = (
        "from sendmux import Sendmux\n"
        "c = Sendmux(api_key='smx_root_test_tls')\n"
        "print(len(c._http.client._transport._pool._ssl_context.get_ca_certs()))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code],
        env={"SSL_CERT_FILE": str(tmp_path / "one.pem"), "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        check=True,
    )
    assert done.stdout.strip() == "1"
