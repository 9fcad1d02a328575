"""Make the terminal screenshots of docs/: run zhice in a tmux window of 80 columns, capture the
screen with its colours (``tmux capture-pane -e``) and draw it as a PNG, a CJK character two cells.

    python docs/screenshots.py            # needs tmux, Pillow and the Noto CJK / DejaVu fonts
    python docs/screenshots.py workbook   # only the printed workbook (LibreOffice Calc, poppler-utils)

Writes docs/checkup-80col.png, docs/interview.png, docs/screen-progress.png,
docs/workbook-print.png and docs/workbook-print-clients.png (the agency workbook as LibreOffice
prints it with the workbook's own print setup: the 项目汇总 table, portrait, one page wide, the
chart on the next page; the second page of 客户, landscape at 70 %, several pages wide, its 行号 /
企业名称 / 统一社会信用代码 columns and the header row repeated on every page). A tool for the
documentation only: nothing in zhice imports it.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont
from rich.cells import cell_len

REPO = Path(__file__).resolve().parent.parent
DOCS = REPO / "docs"
MONO = "/usr/share/fonts/truetype/dejavu/DejaVuSansMono.ttf"
MONO_BOLD = "/usr/share/fonts/truetype/dejavu/DejaVuSansMono-Bold.ttf"
CJK = "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"
CJK_SC = 2                          # the Simplified Chinese face of the collection
SIZE, CELL_W, CELL_H, BASELINE = 15, 9, 20, 15
LATIN_SYMBOLS = set("✓✗★–—→…•⚠“”‘’")         # drawn from the Latin font; other symbols from the CJK one
BG, FG = (30, 30, 36), (220, 220, 220)
PALETTE = {30: (60, 60, 60), 31: (230, 90, 90), 32: (110, 200, 110), 33: (230, 190, 80), 34: (110, 150, 240),
           35: (200, 120, 220), 36: (90, 200, 210), 37: (220, 220, 220)}
SGR = re.compile(r"\x1b\[([0-9;]*)m")


class Tmux:
    """One detached tmux session of ``width`` × ``height`` on its own socket."""

    def __init__(self, width: int, height: int, command: str):
        self.sock = tempfile.mktemp(prefix="zhice-tmux-")
        env = {**os.environ, "TERM": "xterm-256color", "PYTHONPATH": str(REPO / "engine"), "LANG": "C.UTF-8",
               "LC_ALL": "C.UTF-8"}
        subprocess.run(["tmux", "-u", "-S", self.sock, "new-session", "-d", "-x", str(width), "-y", str(height),
                        command], check=True, env=env)

    def keys(self, *keys: str) -> None:
        subprocess.run(["tmux", "-u", "-S", self.sock, "send-keys", "-t", "0", *keys], check=True)

    def screen(self) -> str:
        return subprocess.run(["tmux", "-u", "-S", self.sock, "capture-pane", "-p", "-e", "-t", "0"], check=True,
                              capture_output=True, text=True).stdout

    def close(self) -> None:
        subprocess.run(["tmux", "-S", self.sock, "kill-server"], check=False)


def draw(screen: str, target: Path, width: int = 80) -> None:
    """Draw captured tmux output (with SGR colours) as a PNG."""
    lines = screen.rstrip("\n").split("\n")
    while lines and not SGR.sub("", lines[-1]).strip():
        lines.pop()
    img = Image.new("RGB", (width * CELL_W + 24, len(lines) * CELL_H + 24), BG)
    pen = ImageDraw.Draw(img)
    mono, bold = ImageFont.truetype(MONO, SIZE - 1), ImageFont.truetype(MONO_BOLD, SIZE - 1)
    cjk = ImageFont.truetype(CJK, SIZE, index=CJK_SC)
    for row, line in enumerate(lines):
        col, fg, strong, dim = 0, FG, False, False
        pos = 0
        for m in SGR.finditer(line + "\x1b[m"):
            for ch in line[pos:m.start()]:
                w = cell_len(ch)
                colour = tuple(int(c * 0.6) for c in fg) if dim else fg
                latin = bold if strong else mono
                font = latin if w == 1 and (ord(ch) < 0x2000 or ch in LATIN_SYMBOLS) else cjk
                pen.text((12 + col * CELL_W, 12 + row * CELL_H + BASELINE), ch, font=font, fill=colour, anchor="ls")
                col += w
            for code in [int(c) for c in (m.group(1) or "0").split(";") if c.isdigit()] or [0]:
                if code == 0:
                    fg, strong, dim = FG, False, False
                elif code == 1:
                    strong = True
                elif code == 2:
                    dim = True
                elif code == 22:
                    strong = dim = False
                elif code == 39:
                    fg = FG
                elif 30 <= code <= 37 or 90 <= code <= 97:
                    fg = PALETTE[code - 60 if code >= 90 else code]
            pos = m.end()
    img.save(target)
    print(f"wrote {target.relative_to(REPO)} ({len(lines)} rows)")


def wait_for(tm: Tmux, text: str, seconds: float = 60) -> str:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        shown = tm.screen()
        if text in SGR.sub("", shown):
            return shown
        time.sleep(0.3)
    raise SystemExit(f"timed out waiting for {text!r}")


def printed_workbook() -> None:
    """Screen 60 synthetic clients into a workbook, print it to PDF with LibreOffice (which applies
    the workbook's page setup) and draw the page of the 项目汇总 table as docs/workbook-print.png and
    the second page of 客户 (the columns right of the first page, the names repeated) as
    docs/workbook-print-clients.png."""
    py = sys.executable
    work = Path(tempfile.mkdtemp(prefix="zhice-workbook-"))
    try:
        subprocess.run([py, str(REPO / "bench" / "generate.py"), "--rows", "60", "--bad", "0.05", "--missing", "0.2",
                        "--seed", "7", "--chinese", "--output", str(work / "clients.csv")], check=True, capture_output=True)
        subprocess.run([py, "-m", "zhice", "-q", "screen", str(work / "clients.csv"), "--output", str(work / "客户筛查.xlsx"),
                        "--as-of", "2026-11-21", "--no-db"], check=True, capture_output=True)
        subprocess.run(["soffice", "--headless", "--convert-to", "pdf", "--outdir", str(work), str(work / "客户筛查.xlsx")],
                       check=True, capture_output=True, timeout=300)
        pdf = str(work / "客户筛查.pdf")
        pages = int(re.search(r"Pages:\s+(\d+)", subprocess.run(["pdfinfo", pdf], check=True, capture_output=True,
                                                                 text=True).stdout)[1])
        texts = [subprocess.run(["pdftotext", "-f", str(i), "-l", str(i), pdf, "-"], check=True, capture_output=True,
                                text=True).stdout for i in range(1, pages + 1)]
        summary = next(i for i, text in enumerate(texts, 1) if re.search(r"项目汇总\s+第", text))   # its table
        clients = next(i for i, text in enumerate(texts, 1) if re.search(r"客户\s+第 2 页", text))     # 客户, the page right of the first
        for page, name in ((summary, "workbook-print.png"), (clients, "workbook-print-clients.png")):
            subprocess.run(["pdftoppm", "-png", "-r", "110", "-f", str(page), "-l", str(page), "-singlefile", pdf,
                            str(work / "page")], check=True, capture_output=True)
            shutil.copy(work / "page.png", DOCS / name)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def main() -> None:
    if sys.argv[1:] == ["workbook"]:
        printed_workbook()
        return
    py = sys.executable
    micro = REPO / "profiles" / "examples" / "micro_software_startup.yaml"
    tm = Tmux(80, 120, f"{py} -m zhice checkup {micro} --as-of 2026-11-21; sleep 60")
    try:
        draw(wait_for(tm, "加 --detail"), DOCS / "checkup-80col.png")
    finally:
        tm.close()

    tm = Tmux(80, 24, f"{py} -m zhice interview --as-of 2026-11-21 --output /tmp/zhice-demo.yaml; sleep 60")
    try:
        for wait, answer in (("1. ", "杭州示例科技有限公司"), ("2. ", "浙江省"), ("3. ", "1"), ("4. ", "?"),
                             ("它能决定", "1"), ("5. ", "b"), ("", "1"), ("", "8")):
            wait_for(tm, wait)
            time.sleep(0.8)
            tm.keys(answer, "Enter")
        time.sleep(1.5)
        draw(tm.screen(), DOCS / "interview.png")
    finally:
        tm.close()

    work = Path(tempfile.mkdtemp(prefix="zhice-screen-"))
    subprocess.run([py, str(REPO / "bench" / "generate.py"), "--rows", "30000", "--bad", "0.01", "--missing", "0.2",
                    "--seed", "1", "--output", str(work / "clients.csv")], check=True, capture_output=True)
    tm = Tmux(100, 6, f"{py} -m zhice screen {work / 'clients.csv'} --output {work / 'out.xlsx'} --jobs 2; sleep 60")
    try:
        shown = wait_for(tm, "行/秒", 120)
        time.sleep(3)
        draw(tm.screen() or shown, DOCS / "screen-progress.png", width=100)
    finally:
        tm.close()
        shutil.rmtree(work, ignore_errors=True)
    printed_workbook()


if __name__ == "__main__":
    main()
