#!/usr/bin/env python3
"""A loopback smart-HTTP Git server for the benchmark: C git's own `git http-backend` run as CGI.

The benchmark needs a real smart-HTTP target that starts without the test class path (JGit's
GitServlet lives there) and without a web server package. Python's CGIHTTPRequestHandler cannot
serve it: it ignores chunked request bodies, which every large push uses. This server reads the
request body (chunked or not, spooled to a temporary file so memory stays flat), runs
`git http-backend` with the CGI variables it expects, and streams the answer back on a connection
it then closes. Pushes are allowed (http.receivepack) and nothing is authenticated: loopback only.

Usage: githttp.py ROOT PORT_FILE    serves ROOT's repositories at http://127.0.0.1:PORT/NAME.git and
                                    writes PORT to PORT_FILE once listening; stops on SIGTERM.
"""

import http.server
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import urllib.parse

CHUNK = 1 << 16


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.0"  # one request per connection: the body ends when the socket closes

    def do_GET(self):
        self.backend()

    def do_POST(self):
        self.backend()

    def log_message(self, fmt, *args):
        pass

    def read_body(self, spool):
        if self.headers.get("Transfer-Encoding", "").lower() == "chunked":
            while True:
                size = int(self.rfile.readline().split(b";")[0].strip() or b"0", 16)
                if size == 0:
                    while self.rfile.readline().strip():  # trailers, then the empty line
                        pass
                    return
                self.copy_body(spool, size)
                self.rfile.readline()
        self.copy_body(spool, int(self.headers.get("Content-Length") or 0))

    def copy_body(self, spool, left):
        while left:
            data = self.rfile.read(min(left, CHUNK))
            if not data:
                raise ConnectionError("request body cut short")
            spool.write(data)
            left -= len(data)

    def backend(self):
        path, _, query = self.path.partition("?")
        with tempfile.TemporaryFile() as spool:
            self.read_body(spool)
            length = spool.tell()
            spool.seek(0)
            env = dict(os.environ, GIT_PROJECT_ROOT=self.server.root, GIT_HTTP_EXPORT_ALL="1",
                       REQUEST_METHOD=self.command, PATH_INFO=urllib.parse.unquote(path), QUERY_STRING=query,
                       CONTENT_TYPE=self.headers.get("Content-Type", ""), CONTENT_LENGTH=str(length),
                       REMOTE_ADDR=self.client_address[0], SERVER_PROTOCOL="HTTP/1.1", GATEWAY_INTERFACE="CGI/1.1",
                       GIT_CONFIG_COUNT="1", GIT_CONFIG_KEY_0="http.receivepack", GIT_CONFIG_VALUE_0="true")
            for name in ("Content-Encoding", "Git-Protocol", "Accept"):
                if self.headers.get(name):
                    env["HTTP_" + name.upper().replace("-", "_")] = self.headers[name]
            proc = subprocess.Popen(["git", "http-backend"], stdin=spool, stdout=subprocess.PIPE, env=env)
            status, headers = "200 OK", []
            while True:
                line = proc.stdout.readline().rstrip(b"\r\n").decode("latin-1")
                if not line:
                    break
                name, _, value = line.partition(":")
                if name.lower() == "status":
                    status = value.strip()
                else:
                    headers.append((name, value.strip()))
            code, _, reason = status.partition(" ")
            self.send_response(int(code), reason or None)
            for name, value in headers:
                self.send_header(name, value)
            self.end_headers()
            shutil.copyfileobj(proc.stdout, self.wfile, CHUNK)
            proc.wait()


def main():
    if len(sys.argv) != 3:
        sys.exit("usage: githttp.py ROOT PORT_FILE")
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    server.root = os.path.abspath(sys.argv[1])
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    tmp = sys.argv[2] + ".tmp"
    with open(tmp, "w") as f:
        f.write(str(server.server_address[1]))
    os.replace(tmp, sys.argv[2])
    server.serve_forever()


if __name__ == "__main__":
    main()
