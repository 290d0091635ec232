"""A keep-alive HTTP/1.1 server for the fork tests, run as its own process (so the test process forks without a
server thread in it): ``GET <anything>/webhooks/<id>`` answers a success envelope whose webhook has that id.
Prints its port on the first line of stdout."""

from __future__ import annotations

import json
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive: one connection serves many requests
    disable_nagle_algorithm = True  # headers and body are two writes: no wait for an ACK between them

    def do_GET(self) -> None:
        webhook_id = self.path.rstrip("/").rsplit("/", 1)[-1]
        data = {
            "id": webhook_id,
            "name": webhook_id,
            "url": "https://hooks.example.com/" + webhook_id,
            "event_types": ["message.bounced"],
            "filters": {"mailbox_ids": []},
            "enabled": True,
            "failing": False,
            "created_at": "2026-04-23T09:12:00Z",
            "updated_at": "2026-04-23T09:12:00Z",
        }
        body = json.dumps({"ok": True, "data": data, "meta": {"request_id": "req_" + webhook_id}}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        pass


if __name__ == "__main__":
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    print(server.server_address[1], flush=True)
    server.serve_forever()
