"""``zhice screen``: batch-screen a client portfolio (``zhice.batch.screen``).

Exit codes: 0 screened (bad rows become error rows and are counted), 2 usage, unreadable
input (with ``--strict``: the first bad row) or an output or history store that cannot be
written (a full disk …; the rows done are kept for ``--resume``), 3 invalid rulebooks, 1
internal error. The counts ``in = out + errors`` and any warnings go to stderr; a progress bar
shows on a terminal only.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterator
from contextlib import ExitStack
from typing import TYPE_CHECKING, Any

import click

from zhice.cli.common import report_error, verbosity
from zhice.errors import Problem, ZhiceError
from zhice.progress import ScreenProgress

if TYPE_CHECKING:
    from zhice.batch.screen import ScreenResult

__all__ = ["screen_command"]




def _echo_problem(p: Problem, label: str) -> None:
    click.echo(click.style(f"{label}: ", fg="yellow") + str(p), err=True)


def _all_changes(result: ScreenResult) -> Iterator[dict[str, Any]]:
    """Every status change of ``result``: those it lists, else all of them from its store."""
    if result.change_count <= len(result.changes) or not result.db or not result.previous_run:
        yield from result.changes
        return
    from zhice.batch.store import Store

    with Store(result.db) as store:
        assert result.run_id is not None
        yield from store.changes(result.run_id, result.previous_run["id"])


@click.command("screen")
@click.argument("inputs", nargs=-1, required=True, type=click.Path(exists=True))
@click.option("--output", "-o", required=True, metavar="FILE",
              help="Results: .jsonl (one compact line per row), .csv (one row per client) or .xlsx (clients, summary, "
                   "leads, errors).")
@click.option("--full-reports", is_flag=True,
              help="JSONL: write each row's whole checkup report (contract v1) instead of the compact line (v2), "
                   "whose texts come once from `zhice programs --format json`.")
@click.option("--jobs", "-j", type=click.IntRange(min=1), default=None, help="Worker processes (default: CPU count).")
@click.option("--executor", type=click.Choice(["local", "dask"]), default="local", show_default=True,
              help="local processes, or a Dask cluster (needs the dask extra).")
@click.option("--scheduler", metavar="ADDR", default=None,
              help="Dask scheduler address, e.g. tcp://10.0.0.5:8786 (default: an in-process cluster).")
@click.option("--near", type=click.IntRange(min=0), default=1, show_default=True,
              help="A lead is a program whose only gaps are at most N unmet criteria.")
@click.option("--matcher", type=click.Choice(["durable", "compiled", "columnar"]), default=None,
              help="Rule matcher (default for screen: compiled; identical results; columnar matches a chunk at a "
                   "time with polars).")
@click.option("--rulebooks", metavar="DIR", envvar="ZHICE_RULEBOOKS", default=None, type=click.Path(file_okay=False),
              help="Rulebook directory (default: $ZHICE_RULEBOOKS or the shipped rulebooks).")
@click.option("--as-of", "as_of", metavar="DATE", default=None, help="Evaluate the rules in force on this date.")
@click.option("--strict", is_flag=True, help="Stop at the first bad row (exit 2) instead of writing an error row.")
@click.option("--db", metavar="PATH", default=None, help="History store (default: <output>.zhice.sqlite).")
@click.option("--no-db", is_flag=True, help="Keep no history (no --resume, no change report).")
@click.option("--resume", is_flag=True, help="Continue an interrupted run of the same input, rulebooks and date.")
@click.option("--keep-runs", type=click.IntRange(min=2), default=None, metavar="N",
              help="Keep only the N latest runs of these inputs in the history store (default: all).")
@click.option("--changes", "show_changes", is_flag=True,
              help="List the clients whose status changed since the previous run of the same input.")
@click.option("--chunk-size", type=click.IntRange(min=1), default=None,
              help="Rows per task and per store commit (default: 500; 40 for JSONL with --full-reports).")
@click.option("--codes", is_flag=True, help="CSV 表头与结论用代码（row、name、<program>.status；eligible …），"
              "不用中文标题与标签 (CSV headers and statuses as codes).")
@click.option("--encoding", default=None, metavar="NAME",
              help="Text encoding of CSV/JSONL input (default: detect UTF-8 with or without BOM, else GB18030).")
def screen_command(inputs: tuple[str, ...], output: str, full_reports: bool, jobs: int | None, executor: str, scheduler: str | None,
                   near: int, matcher: str | None, rulebooks: str | None, as_of: str | None, strict: bool,
                   db: str | None, no_db: bool, resume: bool, keep_runs: int | None, show_changes: bool,
                   chunk_size: int | None, codes: bool, encoding: str | None) -> None:
    """Screen every client in INPUT… (CSV, XLSX, JSONL, or folders of YAML/JSON profiles).

    Every input row yields exactly one output row: a result or an error row.
    """
    from zhice.batch.screen import screen

    try:
        with ExitStack() as stack:
            bar = stack.enter_context(ScreenProgress(enabled=False if verbosity() == "quiet" else None))
            warn: Callable[[Problem], None] = lambda p: _echo_problem(p, "警告 warning")  # noqa: E731
            result = screen(list(inputs), output, jobs=jobs, executor=executor, scheduler=scheduler, near=near,
                            matcher=matcher, rulebooks=rulebooks, as_of=as_of, strict=strict,
                            db=False if no_db else db, resume=resume, chunk_size=chunk_size, encoding=encoding,
                            on_rows=bar.update, on_start=bar.start, on_warning=warn, keep_runs=keep_runs,
                            full_reports=full_reports, codes=codes)
    except ZhiceError as exc:
        report_error(exc)
        sys.exit(exc.exit_code)
    except KeyboardInterrupt:
        click.echo("zhice: 已中断；用 --resume 继续 (interrupted; rerun with --resume to continue)", err=True)
        sys.exit(130)
    except Exception as exc:  # noqa: BLE001
        if os.environ.get("ZHICE_DEBUG"):
            raise
        report_error(ZhiceError([Problem("internal", f"{type(exc).__name__}: {exc}",
                                    hint="this is a bug; rerun with ZHICE_DEBUG=1 for a traceback and report it")]))
        sys.exit(1)

    for e in result.errors[:10]:
        where = f"{e['input']} " if e.get("input") else ""
        click.echo(click.style("错误行 error row ", fg="red") + f"{where}{e['row']}: "
                   + (f"{e['path']}: " if e.get("path") else "") + str(e.get("message")), err=True)
    if result.rows_error > 10:
        click.echo(f"… 另有 {result.rows_error - 10} 个错误行，见输出 (and more error rows in the output)", err=True)
    if result.resumed:
        click.echo(f"续跑 resumed: {result.resumed} 行取自历史记录 {result.db}", err=True)
    if result.pruned:
        click.echo(f"历史记录：删除了 {result.pruned} 次较早的运行 (pruned {result.pruned} older runs from {result.db})",
                   err=True)
    if result.previous_run:
        prev = result.previous_run
        click.echo(f"与上次运行 #{prev['id']}（{prev['started_at']}）相比：{result.changed_clients} 家客户的结论有变化"
                   f"（{result.change_count} 处）", err=True)
        if show_changes:
            for c in _all_changes(result):
                click.echo(f"  {c['client']}\t{c['program'] or '-'}\t{c['before'] or '-'} → {c['after']}", err=True)
    elif show_changes:
        click.echo("没有同一输入的上次运行可比较 (no previous run of this input)", err=True)
    click.echo(f"线索 leads (≤{near} 项差距): {result.leads}", err=True)
    click.echo(result.counts_line() + f" → {output}", err=True)
