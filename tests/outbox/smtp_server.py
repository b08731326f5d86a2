"""A tiny SMTP server on loopback for testing the real SMTP path: it answers RCPT TO with the
code the test chose and keeps what it accepted. Just enough of RFC 5321 for smtplib."""

from __future__ import annotations

import socketserver
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field


@dataclass
class Mailbox:
    rcpt_reply: str = "250 OK"
    received: list[bytes] = field(default_factory=list)


class _Handler(socketserver.StreamRequestHandler):
    server: _Server

    def _say(self, line: str) -> None:
        self.wfile.write(line.encode() + b"\r\n")

    def handle(self) -> None:
        self._say("220 loopback ESMTP")
        while line := self.rfile.readline():
            verb = line.decode(errors="replace").strip().split(" ")[0].upper()
            if verb in {"EHLO", "HELO"}:
                self._say("250 loopback")
            elif verb in {"MAIL", "RSET", "NOOP"}:
                self._say("250 OK")
            elif verb == "RCPT":
                self._say(self.server.mailbox.rcpt_reply)
            elif verb == "DATA":
                self._say("354 go ahead")
                data = b""
                while (chunk := self.rfile.readline()) not in {b".\r\n", b""}:
                    data += chunk
                self.server.mailbox.received.append(data)
                self._say("250 queued")
            elif verb == "QUIT":
                self._say("221 bye")
                return
            else:
                self._say("502 not implemented")


class _Server(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True
    mailbox: Mailbox


@contextmanager
def smtp_server() -> Iterator[tuple[int, Mailbox]]:
    with _Server(("127.0.0.1", 0), _Handler) as server:
        server.mailbox = Mailbox()
        # A short poll: shutdown() waits for the loop's next look (0.5 s by default).
        thread = threading.Thread(
            target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )
        thread.start()
        try:
            yield server.server_address[1], server.mailbox
        finally:
            server.shutdown()
            thread.join(timeout=10)
