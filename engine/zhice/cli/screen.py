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

from zhice.cli.common import BUG_HINT, report_error, verbosity
from zhice.cli.lang import ZhiceCommand, lang_option, tr
from zhice.cli.options import AS_OF_HELP, RULEBOOKS_HELP, no_cache_option
from zhice.errors import Problem, ZhiceError
from zhice.progress import ScreenProgress
from zhice.wording import current_lang, field_title, pick, status_label

if TYPE_CHECKING:
    from zhice.batch.screen import ScreenResult

__all__ = ["screen_command"]




def _echo_problem(p: Problem) -> None:
    loc = p.location()      # the message and hint are worded where they are made, in the language of the moment
    text = str(p) if current_lang() == "en" else (f"{loc}：" if loc else "") + p.message + (f"（{p.hint}）" if p.hint else "")
    click.echo(click.style(pick("警告：", "warning: "), fg="yellow") + text, err=True)


def _error_row(e: dict[str, Any]) -> str:
    """One error row as stderr reports it: ``错误行 第 8 行：有效发明专利数（ip.invention_patents）：…``."""
    where = f"{e['input']} " if e.get("input") else ""
    path, message = e.get("path"), str(e.get("message"))
    title = field_title(path, "zh") if path else None
    if current_lang() == "en":
        if title and title != path and message.startswith(f"{title}: "):
            message = message[len(title) + 2:]          # the path names the field already
        return click.style("error row ", fg="red") + f"{where}{e['row']}: " + (f"{path}: " if path else "") + message
    named = (f"{title}（{path}）" if title and title != path else path) if path else None
    for sep in (":", "："):
        if title and title != path and message.startswith(f"{title}{sep}"):
            message = message[len(title) + 1:].strip()      # the reader or the loader named the field already
    return click.style("错误行 ", fg="red") + f"{where}第 {e['row']} 行：" + (f"{named}：" if named else "") + message


def _all_changes(result: ScreenResult) -> Iterator[dict[str, Any]]:
    """Every status change of ``result``: those it lists, else all of them from its store."""
    if result.change_count <= len(result.changes) or not result.db or not result.previous_run:
        yield from result.changes
        return
    from zhice.batch.store import Store

    with Store(result.db) as store:
        assert result.run_id is not None
        yield from store.changes(result.run_id, result.previous_run["id"])


@click.command("screen", cls=ZhiceCommand, help=tr(
    "批量筛查客户清单。\n\n筛查 INPUT…（CSV、XLSX、JSONL，或 YAML/JSON 画像目录）中的每个客户。"
    "每个输入行恰好得到一个输出行：结果行或错误行。行数和警告写到标准错误；终端上显示进度条。\n\n"
    "退出码：0 已筛查（错误行计入统计），2 用法有误、输入无法读取（--strict：第一个错误行）或输出、历史记录无法写入，"
    "3 规则库有误，1 内部错误。",
    "Batch-screen a client portfolio.\n\nScreens every client in INPUT… (CSV, XLSX, JSONL, or folders of "
    "YAML/JSON profiles). Every input row yields exactly one output row: a result or an error row. The counts "
    "and any warnings go to stderr; a progress bar shows on a terminal.\n\n"
    "Exit codes: 0 screened (bad rows become counted error rows), 2 usage, unreadable input (with --strict: the "
    "first bad row) or an output or history store that cannot be written, 3 invalid rulebooks, 1 internal error."))
@click.argument("inputs", nargs=-1, required=True, type=click.Path(exists=True),
                help=tr("客户输入：CSV、XLSX、JSONL 文件或画像目录", "client inputs: CSV, XLSX, JSONL files or profile folders"))
@click.option("--output", "-o", required=True, metavar="FILE",
              help=tr("结果文件：.jsonl（每行一个精简结果）、.csv（每个客户一行）或 .xlsx（客户、汇总、线索、错误）",
                      "results: .jsonl (one compact line per row), .csv (one row per client) or .xlsx (clients, "
                      "summary, leads, errors)"))
@click.option("--full-reports", is_flag=True,
              help=tr("JSONL：每行写完整的体检报告（合约 v1），而不是精简行（v2，其文字一次取自 zhice programs --format json）",
                      "JSONL: write each row's whole checkup report (contract v1) instead of the compact line (v2), "
                      "whose texts come once from `zhice programs --format json`"))
@click.option("--jobs", "-j", type=click.IntRange(min=1), default=None, metavar="N",
              help=tr("工作进程数（默认：CPU 核数）", "worker processes (default: CPU count)"))
@click.option("--executor", type=click.Choice(["local", "dask"]), default="local", show_default=True,
              help=tr("local 本机进程，或 dask 集群（需要 dask 扩展）", "local processes, or a Dask cluster (needs the dask extra)"))
@click.option("--scheduler", metavar="ADDR", default=None,
              help=tr("Dask 调度器地址，如 tcp://10.0.0.5:8786（默认：进程内集群）",
                      "Dask scheduler address, e.g. tcp://10.0.0.5:8786 (default: an in-process cluster)"))
@click.option("--near", type=click.IntRange(min=0), default=1, show_default=True, metavar="N",
              help=tr("线索：差距不超过 N 个未满足条件的项目", "a lead is a program whose only gaps are at most N unmet criteria"))
@click.option("--matcher", type=click.Choice(["durable", "compiled", "columnar"]), default=None,
              help=tr("匹配器（CSV/XLSX 筛查到 CSV/XLSX 默认 columnar：按列用 polars 一次筛查一批；其余默认 "
                      "compiled；结果相同）",
                      "rule matcher (default for screen: columnar, a chunk at a time with polars, for CSV/XLSX into "
                      "CSV/XLSX, else compiled; identical results)"))
@click.option("--rulebooks", metavar="DIR", envvar="ZHICE_RULEBOOKS", default=None, type=click.Path(file_okay=False),
              help=RULEBOOKS_HELP)
@click.option("--as-of", "as_of", metavar="DATE", default=None, help=AS_OF_HELP)
@click.option("--strict", is_flag=True,
              help=tr("遇到第一个错误行即停止（退出码 2），而不是写错误行",
                      "stop at the first bad row (exit 2) instead of writing an error row"))
@click.option("--db", metavar="PATH", default=None,
              help=tr("历史记录文件（默认：<输出>.zhice.sqlite）", "history store (default: <output>.zhice.sqlite)"))
@click.option("--no-db", is_flag=True,
              help=tr("不保留历史记录（不能 --resume，也没有变化报告）", "keep no history (no --resume, no change report)"))
@click.option("--resume", is_flag=True,
              help=tr("继续同一输入、规则库和日期的中断运行", "continue an interrupted run of the same input, rulebooks and date"))
@click.option("--keep-runs", type=click.IntRange(min=2), default=None, metavar="N",
              help=tr("历史记录中只保留这些输入最近 N 次运行（默认：全部）",
                      "keep only the N latest runs of these inputs in the history store (default: all)"))
@click.option("--changes", "show_changes", is_flag=True,
              help=tr("列出自同一输入上次运行以来结论有变化的客户",
                      "list the clients whose status changed since the previous run of the same input"))
@click.option("--chunk-size", type=click.IntRange(min=1), default=None, metavar="ROWS",
              help=tr("每个任务和每次写入历史记录的行数（默认 500；按列筛查时 5000，5 万行以上 2500；"
                      "JSONL 加 --full-reports 时 40）",
                      "rows per task and per store commit (default: 500; 5,000 when screened over columns, 2,500 "
                      "from 50,000 rows; 40 for JSONL with --full-reports)"))
@click.option("--codes", is_flag=True,
              help=tr("CSV 表头与结论用代码（row、name、<program>.status；eligible …），不用中文标题与标签",
                      "CSV headers and statuses as codes (row, name, <program>.status; eligible …), not Chinese"))
@click.option("--encoding", default=None, metavar="NAME",
              help=tr("CSV/JSONL 输入的文字编码（默认：识别 UTF-8（带或不带 BOM），否则 GB18030）",
                      "text encoding of CSV/JSONL input (default: detect UTF-8 with or without BOM, else GB18030)"))
@lang_option
@no_cache_option
def screen_command(inputs: tuple[str, ...], output: str, full_reports: bool, jobs: int | None, executor: str, scheduler: str | None,
                   near: int, matcher: str | None, rulebooks: str | None, as_of: str | None, strict: bool,
                   db: str | None, no_db: bool, resume: bool, keep_runs: int | None, show_changes: bool,
                   chunk_size: int | None, codes: bool, encoding: str | None) -> None:
    """Screen every client in INPUT… (CSV, XLSX, JSONL, or folders of YAML/JSON profiles).

    Every input row yields exactly one output row: a result or an error row.
    """
    from zhice.batch.screen import ScreenOptions, screen

    try:
        with ExitStack() as stack:
            bar = stack.enter_context(ScreenProgress(enabled=False if verbosity() == "quiet" else None))
            warn: Callable[[Problem], None] = _echo_problem
            options = ScreenOptions(jobs=jobs, executor=executor, scheduler=scheduler, near=near, matcher=matcher,
                                    rulebooks=rulebooks, as_of=as_of, strict=strict, db=False if no_db else db,
                                    resume=resume, chunk_size=chunk_size, encoding=encoding, keep_runs=keep_runs,
                                    full_reports=full_reports, on_rows=bar.update, on_start=bar.start,
                                    on_warning=warn, codes=codes)
            result = screen(list(inputs), output, options)
    except ZhiceError as exc:
        report_error(exc)
        sys.exit(exc.exit_code)
    except KeyboardInterrupt:
        click.echo(pick("zhice：已中断；用 --resume 继续", "zhice: interrupted; rerun with --resume to continue"), err=True)
        sys.exit(130)
    except Exception as exc:  # noqa: BLE001
        if os.environ.get("ZHICE_DEBUG"):
            raise
        report_error(ZhiceError([Problem("internal", f"{type(exc).__name__}: {exc}", hint=BUG_HINT())]))
        sys.exit(1)
    _summary(result, output, near, show_changes)


def _status(code: str | None) -> str:
    return status_label(code, current_lang()) if code else "-"


def _summary(result: ScreenResult, output: str, near: int, show_changes: bool) -> None:
    """What stderr says after a screening: error rows, history, changes, leads and the counts."""
    def say(text: str) -> None:
        click.echo(text, err=True)

    for e in result.errors[:10]:
        say(_error_row(e))
    more = result.rows_error - 10
    if more > 0:
        say(pick(f"… 另有 {more} 个错误行，见输出文件", f"… and {more} more error rows in the output"))
    if result.resumed:
        say(pick(f"续跑：{result.resumed} 行取自历史记录 {result.db}",
                 f"resumed: {result.resumed} rows from the history store {result.db}"))
    if result.pruned:
        say(pick(f"历史记录：删除了 {result.pruned} 次较早的运行（{result.db}）",
                 f"pruned {result.pruned} older runs from {result.db}"))
    if result.previous_run:
        prev = result.previous_run
        say(pick(f"与上次运行 #{prev['id']}（{prev['started_at']}）相比：{result.changed_clients} 家客户的结论有变化"
                 f"（{result.change_count} 处）",
                 f"compared with run #{prev['id']} ({prev['started_at']}): {result.changed_clients} clients changed "
                 f"status ({result.change_count} changes)"))
        if show_changes:
            for c in _all_changes(result):
                say(f"  {c['client']}\t{c['program'] or '-'}\t{_status(c['before'])} → {_status(c['after'])}")
    elif show_changes:
        say(pick("没有同一输入的上次运行可比较", "no previous run of this input to compare with"))
    say(pick(f"线索（差距不超过 {near} 项）：{result.leads}", f"leads (at most {near} gaps): {result.leads}"))
    say(pick(f"输入 {result.rows_in} 行 = 结果 {result.rows_ok} + 错误 {result.rows_error} → {output}",
             f"in = out + errors: {result.rows_in} = {result.rows_ok} + {result.rows_error} → {output}"))
