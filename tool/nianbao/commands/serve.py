"""`nianbao serve`: local preview that rebuilds when a source or template changes."""

from __future__ import annotations

import argparse
import errno
import functools
import sys
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from ..base.paths import OWN_THEME, not_found, reason
from .arguments import add_rules_argument, add_sources_argument, add_templates_argument
from .build import attempt


def add_command(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "serve",
        help="本地预览网站，源文件或模板改动时自动重新生成",
        description="生成网站并在 127.0.0.1 上预览；content/reports、site_templates 或 rules.yaml 改动时自动重新生成。",
    )
    add_sources_argument(parser)
    parser.add_argument("--out", type=Path, default=Path("_preview"),
                        help="输出目录（默认 _preview：预览部分报告不会替换 build 生成的 _site）")
    parser.add_argument("--port", type=int, default=8000, help="端口（默认 8000）")
    add_templates_argument(parser)
    add_rules_argument(parser)
    parser.set_defaults(run=run)


def _rebuild(args: argparse.Namespace) -> None:
    """Build again. Whatever stops a build (a mistake in the rules, a bad
    output folder, a full disk) is reported and the last site stays served
    until it is fixed; a preview of fewer reports than the last build is
    what was asked for, not a mistake (the deploy's build guards that)."""
    if attempt(args, allow_shrink=True) is None:
        print("（修改后自动重新生成；预览的仍是上一次生成的网站）", file=sys.stderr)


class _Handler(SimpleHTTPRequestHandler):
    """The site as a visitor sees it: a missing page is the site's own 404
    page; a path no file can have (「/%00」) is a 400, not a traceback; a
    client that sends nothing for TIMEOUT seconds is let go (a preview must
    not hold a thread for every half-open connection)."""

    timeout = 10

    def send_head(self):
        try:
            return super().send_head()
        except ValueError:  # an embedded NUL byte
            self.send_error(400, "Bad request")
            return None

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        page = Path(self.directory) / "404.html"
        if code != 404 or not page.is_file():
            super().send_error(code, message, explain)
            return
        body = page.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 (the base class's name)
        pass  # the terminal is for build reports


def run(args: argparse.Namespace) -> int:
    from watchfiles import watch

    from ..portal import NotASite, check_out

    try:
        check_out(args.out, args.paths)
    except NotASite as exc:
        print(f"nianbao serve: {exc}", file=sys.stderr)
        return 2
    missing = not_found(args.paths)
    if missing:
        print(f"nianbao serve: {missing}", file=sys.stderr)
        return 2
    # Serve whatever the output folder holds: the build swaps a new folder in, so the
    # handler resolves the directory by path on every request. The port is taken
    # first: a busy one is said before a whole build is spent.
    handler = functools.partial(_Handler, directory=str(args.out))
    try:
        server = ThreadingHTTPServer(("127.0.0.1", args.port), handler)
    except OSError as exc:
        busy = exc.errno == errno.EADDRINUSE
        print(f"nianbao serve: 端口 {args.port} " + ("已被占用（可能已有一个预览在运行）：请用 --port 换一个，如 --port 8001"
                                                   if busy else f"无法使用：{reason(exc)}"), file=sys.stderr)
        return 2
    _rebuild(args)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    print(f"预览：http://127.0.0.1:{server.server_address[1]}/ （Ctrl+C 结束）", flush=True)
    own = args.templates or OWN_THEME
    watched = [p for p in (*args.paths, str(own), str(args.rules or "rules.yaml")) if Path(p).exists()]
    try:
        for _changes in watch(*watched):
            _rebuild(args)
    finally:
        server.shutdown()
    return 0
