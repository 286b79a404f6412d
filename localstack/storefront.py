"""The storefront's local static server: web/dist over HTTP, as CloudFront serves it on AWS.

    .local/venv/bin/python localstack/storefront.py start|stop|serve|url [--port N] [--outputs PATH]

It answers `/config.json` with the API URL and Cognito ids of the stack outputs it is given
(from memory, so servers for two stacks can share one build), answers unknown paths without a
file extension with index.html (deep links such as /products/<id> survive a reload), gives
hashed /assets/* a year of caching and index.html, config.json and the service worker none.
`start` runs it in the background with a pid file under .local/storefront-<port>/ and adds
`StorefrontUrl` to the outputs file; `stop` ends it.
Standard library only. Why not the emulator's S3: docs/decisions.md, "Storefront served locally".
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import io
import json
import os
import signal
import subprocess
import sys
import time
import urllib.request
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from infra.publish_web import runtime_config  # noqa: E402  (the same config.json as on AWS)

DIST = ROOT / "web" / "dist"
DEFAULT_OUTPUTS = ROOT / ".local" / "stack-outputs.json"
HOST = "127.0.0.1"
NO_CACHE = {"/index.html", "/config.json", "/sw.js", "/manifest.webmanifest"}


class StorefrontHandler(SimpleHTTPRequestHandler):
    config_json = b"{}"
    extensions_map = {**SimpleHTTPRequestHandler.extensions_map, ".webmanifest": "application/manifest+json",
                      ".js": "text/javascript", ".mjs": "text/javascript"}

    def send_head(self):
        path = self.path.split("?", 1)[0].split("#", 1)[0]
        if path == "/config.json":
            return self.send_config()
        if not (DIST / path.lstrip("/")).is_file() and "." not in path.rsplit("/", 1)[-1]:
            self.path = "/index.html"  # a route of the single-page app
        return super().send_head()

    def send_config(self):
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(self.config_json)))
        self.end_headers()
        return io.BytesIO(self.config_json)

    def end_headers(self):
        path = self.path.split("?", 1)[0]
        if path.startswith("/assets/"):
            self.send_header("Cache-Control", "public, max-age=31536000, immutable")
        elif path in NO_CACHE or path == "/":
            self.send_header("Cache-Control", "no-cache")
        self.send_header("X-Content-Type-Options", "nosniff")
        super().end_headers()

    def log_message(self, format, *args):  # noqa: A002 - the base class's name
        sys.stderr.write(f"{self.log_date_time_string()} {format % args}\n")


def serve(port: int, outputs_path: Path) -> None:
    if not (DIST / "index.html").is_file():
        sys.exit(f"{DIST}/index.html is missing: build the app first (make web)")
    config = runtime_config(json.loads(outputs_path.read_text()))
    StorefrontHandler.config_json = (json.dumps(config, indent=2) + "\n").encode()
    handler = functools.partial(StorefrontHandler, directory=str(DIST))
    server = ThreadingHTTPServer((HOST, port), handler)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    print(f"storefront serving {DIST} on http://{HOST}:{port}", flush=True)
    try:
        server.serve_forever()
    finally:
        server.server_close()


def state_dir(port: int) -> Path:
    return ROOT / ".local" / f"storefront-{port}"


def url(port: int) -> str:
    return f"http://{HOST}:{port}"


def answering(port: int) -> bool:
    try:
        with urllib.request.urlopen(f"{url(port)}/config.json", timeout=2) as response:  # noqa: S310 (loopback)
            return response.status == 200
    except OSError:
        return False


def record_url(port: int, outputs_path: Path) -> None:
    outputs = json.loads(outputs_path.read_text())
    outputs["StorefrontUrl"] = url(port)
    outputs_path.write_text(json.dumps(outputs, indent=2, sort_keys=True) + "\n")


def start(port: int, outputs_path: Path) -> None:
    directory = state_dir(port)
    pidfile = directory / "storefront.pid"
    if pidfile.exists():
        stop(port)  # a restart picks up a new build and new outputs
    directory.mkdir(parents=True, exist_ok=True)
    command = [sys.executable, __file__, "serve", "--port", str(port), "--outputs", str(outputs_path)]
    with open(directory / "storefront.log", "ab") as log:
        process = subprocess.Popen(command, stdout=log, stderr=log, stdin=subprocess.DEVNULL,  # noqa: S603 (our own script)
                                   start_new_session=True)
    pidfile.write_text(f"{process.pid}\n")
    for _ in range(50):
        if answering(port):
            record_url(port, outputs_path)
            print(f"Storefront: {url(port)}")
            return
        if process.poll() is not None:
            break
        time.sleep(0.1)
    sys.exit(f"storefront did not start; see {directory / 'storefront.log'}")


def stop(port: int) -> None:
    pidfile = state_dir(port) / "storefront.pid"
    if pidfile.exists():
        with contextlib.suppress(ProcessLookupError, ValueError):
            os.kill(int(pidfile.read_text()), signal.SIGTERM)
        pidfile.unlink()
    print(f"storefront on port {port} stopped")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("command", choices=["start", "stop", "serve", "url"])
    parser.add_argument("--port", type=int, default=int(os.environ.get("STOREFRONT_PORT", "5173")))
    parser.add_argument("--outputs", type=Path, default=Path(os.environ.get("STACK_OUTPUTS", DEFAULT_OUTPUTS)))
    args = parser.parse_args()
    if args.command == "serve":
        serve(args.port, args.outputs)
    elif args.command == "start":
        start(args.port, args.outputs)
    elif args.command == "stop":
        stop(args.port)
    else:
        print(url(args.port))


if __name__ == "__main__":
    main()
