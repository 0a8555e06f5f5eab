"""The `nianbao` command: one subcommand per stage of the flow.

Each stage module exposes `add_command(subparsers)`; this module only wires
them together and turns errors into messages and exit codes.
"""

from __future__ import annotations

import argparse
import errno
import signal
import threading
import os
import sys
from collections.abc import Sequence

from . import __version__, build_command, fmt_command, import_command, lint_command, review_command, serve_command

COMMANDS = (import_command, fmt_command, lint_command, review_command, build_command, serve_command)


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


_REASONS = {
    errno.ENOSPC: "磁盘已满",
    errno.EDQUOT: "超出磁盘配额",
    errno.EACCES: "没有权限",
    errno.EPERM: "没有权限",
    errno.EROFS: "文件系统是只读的",
    errno.ENOENT: "文件或目录不存在",
    errno.EIO: "读写磁盘出错",
}


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
        reason = _REASONS.get(exc.errno or 0, exc.strerror or str(exc))
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
