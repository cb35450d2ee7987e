#!/usr/bin/env python3
"""A stand-in for the few GitHub REST endpoints the action's comment script calls, for
tests/integrations/github_action_test.cpp: issue comments of one repository, kept in memory,
every request appended to a log (one JSON object per line: method, path, body).

Usage: fake_github_api.py PORT_FILE LOG_FILE  -- listens on 127.0.0.1, an ephemeral port it
writes to PORT_FILE once it accepts connections; runs until terminated.
"""
import json
import os
import re
import sys
from http.server import BaseHTTPRequestHandler, HTTPServer

comments = []  # {"id": n, "body": text}
next_id = [100]


class Api(BaseHTTPRequestHandler):
    def log_message(self, *args):  # keep the test's output clean
        pass

    def record(self, body):
        with open(sys.argv[2], "a", encoding="utf-8") as log:
            log.write(json.dumps({"method": self.command, "path": self.path, "body": body,
                                  "auth": self.headers.get("Authorization", "")}) + "\n")

    def answer(self, code, payload):
        data = json.dumps(payload).encode("utf-8")
        self.send_response(code)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def body(self):
        length = int(self.headers.get("Content-Length", "0"))
        return json.loads(self.rfile.read(length) or b"null")

    def do_GET(self):
        self.record(None)
        m = re.match(r"^/repos/[^/]+/[^/]+/issues/\d+/comments\?per_page=(\d+)&page=(\d+)$",
                     self.path)
        if not m:
            return self.answer(404, {"message": "Not Found"})
        per_page, page = int(m.group(1)), int(m.group(2))
        self.answer(200, comments[(page - 1) * per_page:page * per_page])

    def do_POST(self):
        body = self.body()
        self.record(body)
        if not re.match(r"^/repos/[^/]+/[^/]+/issues/\d+/comments$", self.path):
            return self.answer(404, {"message": "Not Found"})
        comment = {"id": next_id[0], "body": body["body"]}
        next_id[0] += 1
        comments.append(comment)
        self.answer(201, comment)

    def do_PATCH(self):
        body = self.body()
        self.record(body)
        m = re.match(r"^/repos/[^/]+/[^/]+/issues/comments/(\d+)$", self.path)
        found = [c for c in comments if m and c["id"] == int(m.group(1))]
        if not found:
            return self.answer(404, {"message": "Not Found"})
        found[0]["body"] = body["body"]
        self.answer(200, found[0])


server = HTTPServer(("127.0.0.1", 0), Api)
with open(sys.argv[1] + ".tmp", "w", encoding="utf-8") as f:
    f.write(str(server.server_address[1]))
# The rename makes the port file appear whole.
os.rename(sys.argv[1] + ".tmp", sys.argv[1])
server.serve_forever()
