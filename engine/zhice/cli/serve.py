"""``zhice serve``: the web app of :mod:`zhice.serve` under uvicorn (the ``serve`` extra)."""

from __future__ import annotations

import os

import click

from zhice.cli.common import guarded
from zhice.cli.lang import ZhiceCommand, tr
from zhice.cli.options import common_options
from zhice.errors import Problem, UsageError
from zhice.pipeline import parse_as_of

__all__ = ["serve_command"]

INSTALL_HINT = 'install the serve extra: pip install -e ".[serve]"  (or: pip install "zhice[serve]")'


@click.command("serve", cls=ZhiceCommand, help=tr(
    "网页和 JSON API。\n\n网页先以表单进行问答式体检，再显示报告；JSON API 的文档在 /docs（OpenAPI）。需要 serve 扩展。",
    "The web page and the JSON API.\n\n"
    "The page runs the interview as a form, then shows the report; the JSON API is documented at /docs (OpenAPI). "
    "Needs the serve extra."))
@click.option("--host", default="127.0.0.1", show_default=True,
              help=tr("监听地址（127.0.0.1 仅本机；0.0.0.0 对网络开放）",
                      "address to bind (127.0.0.1: this machine only; 0.0.0.0 opens it to the network)"))
@click.option("--port", default=8000, show_default=True, type=click.IntRange(0, 65535), metavar="PORT",
              help=tr("监听端口", "port to listen on"))
@click.option("--workers", default=1, show_default=True, type=click.IntRange(1, 64), metavar="N",
              help=tr("工作进程数，每个进程有自己的引擎（每个进程一次评估一个请求）",
                      "worker processes, each with its own engine (one evaluation at a time per process)"))
@common_options
@guarded
def serve_command(host: str, port: int, workers: int, rulebooks: str | None, as_of: str | None) -> None:
    """The web page (the interview as a form, then the report) and the JSON API (OpenAPI at /docs)."""
    try:
        import uvicorn

        from zhice.serve.app import create_app
    except ImportError as exc:
        missing = getattr(exc, "name", None) or ""
        if missing.split(".")[0] not in ("fastapi", "starlette", "uvicorn"):
            raise
        raise UsageError([Problem("serve-not-installed", f"zhice serve needs FastAPI and uvicorn ({missing} "
                                                         "is not installed)", hint=INSTALL_HINT)]) from None
    day = parse_as_of(as_of) if as_of else None
    app = create_app(rulebooks, day)      # invalid rulebooks or a bad date stop here (exit 3 / 2)
    shown = f"[{host}]" if ":" in host else host
    where = f"http://{shown}:{port}/" if port else "下方 “Uvicorn running on” 一行的地址（端口由系统分配）"
    click.echo(f"知策 zhice serve：在浏览器打开 {where}（API 文档 /docs；Ctrl+C 停止）", err=True)
    if workers == 1:
        uvicorn.run(app, host=host, port=port, log_level="info", server_header=False)
        return
    os.environ["ZHICE_SERVE_AS_OF"] = day.isoformat() if day else ""   # each worker makes its own app from these
    if rulebooks:
        os.environ["ZHICE_RULEBOOKS"] = str(rulebooks)
    uvicorn.run("zhice.serve.app:app_from_env", factory=True, workers=workers, host=host, port=port,
                log_level="info", server_header=False)
