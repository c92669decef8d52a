#!/usr/bin/env python3
"""A tiny HTTP server for jpm's cluster mode: it serves on the listening socket jpm hands it as
fd 3 (systemd socket activation: LISTEN_FDS=1), tells jpm it is ready with sd_notify READY=1
when NOTIFY_SOCKET is set (wait_ready), and on SIGTERM stops accepting, finishes the requests
in flight and exits. Run by hand without jpm, it binds PORT itself."""
import http.server
import os
import signal
import socket
import socketserver
import threading


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def do_GET(self):
        body = f"{os.getpid()}\n".encode()
        self.send_response(200)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


class Server(socketserver.ThreadingMixIn, http.server.HTTPServer):
    daemon_threads = True
    block_on_close = True


def notify(message):
    """sd_notify: one datagram to NOTIFY_SOCKET (a leading @ is the abstract namespace)."""
    path = os.environ.get("NOTIFY_SOCKET")
    if not path:
        return
    if path.startswith("@"):
        path = "\0" + path[1:]
    with socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM) as s:
        s.connect(path)
        s.send(message.encode())


if os.environ.get("LISTEN_FDS") == "1":
    server = Server(("", 0), Handler, bind_and_activate=False)
    server.socket.close()
    server.socket = socket.socket(fileno=3)  # already bound and listening: jpm keeps it for the app
else:
    server = Server(("127.0.0.1", int(os.environ.get("PORT", "8000"))), Handler)

signal.signal(signal.SIGTERM, lambda *_: threading.Thread(target=server.shutdown).start())
notify("READY=1")
server.serve_forever()
server.server_close()
