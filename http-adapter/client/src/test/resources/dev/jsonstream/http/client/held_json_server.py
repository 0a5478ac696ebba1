"""A JSON export served by Python's http.server, chunked, that holds its body after the first element.

Prints the port it listens on (127.0.0.1), serves one GET, and answers {"items":[...]} with COUNT generated items,
compact, in HTTP/1.1 chunks: the head and the first element, then nothing until a line arrives on standard input,
then the rest, an item a chunk. With --gzip the body is gzip-coded (Content-Encoding: gzip) by zlib, flushed after
the first element so that it can be inflated while the rest is held. With --print it writes the same body, plain, to
standard output instead, for jq.
Usage: held_json_server.py COUNT [--gzip] [--print]
"""
import http.server
import json
import sys
import zlib

COUNT = int(sys.argv[1])
ITEMS = [json.dumps({"id": i, "name": "item %d" % i, "tags": ["t%d" % (i % 7)], "ok": i % 3 == 0},
                    separators=(",", ":")) for i in range(COUNT)]


class Export(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def do_GET(self):
        self.gzip = zlib.compressobj(6, zlib.DEFLATED, 31) if "--gzip" in sys.argv else None
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Transfer-Encoding", "chunked")
        if self.gzip:
            self.send_header("Content-Encoding", "gzip")
        self.end_headers()
        self.chunk(b'{"items":[' + ITEMS[0].encode(), zlib.Z_SYNC_FLUSH)
        sys.stdin.readline()  # the client has the first element: go on
        for item in ITEMS[1:]:
            self.chunk(b"," + item.encode())
        self.chunk(b"]}", zlib.Z_FINISH)
        self.wfile.write(b"0\r\n\r\n")
        self.wfile.flush()

    def chunk(self, data, flush=None):
        if self.gzip:
            data = self.gzip.compress(data) + (self.gzip.flush(flush) if flush is not None else b"")
            if not data:
                return  # zlib holds it for now; an empty chunk would end the body
        self.wfile.write(b"%x\r\n%s\r\n" % (len(data), data))
        self.wfile.flush()

    def log_message(self, *args):
        pass


if "--print" in sys.argv:
    sys.stdout.write('{"items":[' + ",".join(ITEMS) + "]}")
else:
    server = http.server.HTTPServer(("127.0.0.1", 0), Export)
    print(server.server_address[1], flush=True)
    server.handle_request()
