"""The `nianbao` command: one subcommand per stage of the flow.

Each stage module exposes `add_command(subparsers)`; this module only wires
them together and turns errors into messages and exit codes.
"""

from __future__ import annotations

import argparse
import os
import signal
import sys
import threading
from collections.abc import Sequence

from .. import __version__
from ..base import paths
from . import build, fmt, import_, init, lint, review, serve

COMMANDS = (init, import_, fmt, lint, review, build, serve)  # in the order of the flow, as `nianbao --help` lists them


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="nianbao",
        description="政府信息公开工作年度报告：导入、检查、发布。",
    )
    parser.add_argument("--version", action="version", version=f"nianbao {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for module in COMMANDS:
        module.add_command(sub)
    return parser


def _terminated(signum: int, frame: object) -> None:
    """SIGTERM (a CI timeout, systemd) ends a run as Ctrl-C does: cleanly."""
    raise KeyboardInterrupt


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGTERM, _terminated)
    try:
        return int(args.run(args))
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0
    except OSError as exc:  # the machine, not nianbao: say what and where, in words
        reason = paths.reason(exc)
        where = f"：{exc.filename}" if exc.filename else ""
        print(f"nianbao: {reason}{where}（已写入的文件和网站保持原样）", file=sys.stderr)
        return 2
    except Exception as exc:  # a bug: say so plainly, never a traceback
        if os.environ.get("NIANBAO_DEBUG"):
            raise
        print(f"nianbao: 内部错误：{type(exc).__name__}: {exc}（设置 NIANBAO_DEBUG=1 可查看详情）", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
