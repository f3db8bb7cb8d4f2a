"""A fake SMS gateway (and webhook receiver) for the tests: a separate process on loopback that
answers 201 to every POST and appends each request to LOG as a JSON line. It prints its port.

    python3 fake_gateway.py LOG
"""
import http.server
import json
import sys

log = open(sys.argv[1], "a", buffering=1, encoding="utf-8")


class Handler(http.server.BaseHTTPRequestHandler):
    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("content-length", "0"))).decode("utf-8")
        headers = {k.lower(): v for k, v in self.headers.items()}
        log.write(json.dumps({"path": self.path, "headers": headers, "body": body}) + "\n")
        self.send_response(201)
        self.send_header("content-length", "0")
        self.end_headers()

    def log_message(self, *args):
        pass


server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
print(server.server_address[1], flush=True)
server.serve_forever()
