import http.server, sys, os
root = sys.argv[1]
class H(http.server.BaseHTTPRequestHandler):
    def _send(self):
        if self.command == 'POST':
            n = int(self.headers.get('Content-Length', 0)); self.rfile.read(n)
        path = os.path.join(root, self.path.split('?')[0].lstrip('/'))
        try: body = open(path, 'rb').read()
        except OSError:
            self.send_response(404); self.end_headers(); return
        self.send_response(200); self.send_header('Content-Type', 'application/json'); self.send_header('Content-Length', str(len(body))); self.end_headers(); self.wfile.write(body)
    do_GET = _send; do_POST = _send
    def log_message(self, *a): pass
http.server.ThreadingHTTPServer(('127.0.0.1', int(sys.argv[2])), H).serve_forever()
