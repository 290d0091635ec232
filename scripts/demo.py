"""`make demo`: the quickstart on the local emulator, with no account and no network.

Makes a throwaway CA and a certificate for 127.0.0.1 (trustme), starts the emulator on a free loopback port
trusting that CA, runs examples/quickstart.py with a local HTTPS receiver using the certificate, and shuts
everything down. Exits with the quickstart's status.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

import trustme

ROOT = Path(__file__).resolve().parents[1]
READY = "Sendmux emulator listening on "


def main() -> int:
    with tempfile.TemporaryDirectory(prefix="sendmux-demo-") as tmp:
        ca = trustme.CA()
        cert = ca.issue_cert("127.0.0.1", "localhost")
        ca_file, cert_file, key_file = Path(tmp, "ca.pem"), Path(tmp, "cert.pem"), Path(tmp, "key.pem")
        ca.cert_pem.write_to_path(str(ca_file))
        cert.cert_chain_pems[0].write_to_path(str(cert_file))
        cert.private_key_pem.write_to_path(str(key_file))

        # time-scale 0.01: Sendmux's 30-second first retry takes 0.3 s here
        emulator = subprocess.Popen(
            [sys.executable, "-m", "sendmux_emulator", "--port", "0", "--ca-file", str(ca_file), "--time-scale=0.01"],
            stdout=subprocess.PIPE,
            text=True,
        )
        try:
            assert emulator.stdout is not None
            line = emulator.stdout.readline().strip()
            if not line.startswith(READY):
                print(f"the emulator did not start: {line!r}", file=sys.stderr)
                return 1
            print(line, flush=True)
            env = {**os.environ, "SENDMUX_API_KEY": "smx_root_dev", "SENDMUX_BASE_URL": line[len(READY) :]}
            quickstart = [sys.executable, str(ROOT / "examples" / "quickstart.py")]
            done = subprocess.run([*quickstart, "--local-receiver", str(cert_file), str(key_file)], env=env)
            return done.returncode
        finally:
            emulator.terminate()
            try:
                emulator.wait(timeout=10)
            except subprocess.TimeoutExpired:
                emulator.kill()
            print("emulator stopped", flush=True)


if __name__ == "__main__":
    sys.exit(main())
