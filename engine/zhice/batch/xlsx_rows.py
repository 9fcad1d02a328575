"""Fast rows for big XLSX sheets: SpreadsheetML streamed to a file, spliced into openpyxl's workbook.

openpyxl's write-only mode costs several microseconds a cell, which caps a 60-column client
sheet at a few hundred rows a second. :class:`RowStream` writes a sheet's data rows as
SpreadsheetML text (numbers as ``<v>``, text as inline strings, so nothing is ever a formula),
deflated as they come, to a temporary file; :func:`splice` then copies the workbook openpyxl
saved (header rows, styles, widths, frozen panes, filters, conditional formats, charts) into the
final file, with each streamed sheet's rows inserted after its header as they were compressed
(and its ``<dimension>``, if any, corrected).

Texts every row repeats and that are known before the first row (status labels, program ids and
titles: :class:`SharedStrings`) are written once, in the workbook's shared strings, and cells
refer to them by number: a 客户 row is less than half the XML, which the workbook compresses.
"""

from __future__ import annotations

import os
import re
import shutil
import tempfile
import zipfile
import zlib
from collections.abc import Mapping
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

__all__ = ["RowStream", "SharedStrings", "cells_xml", "column_letter", "crc32_combine", "row_xml", "splice"]

# XML 1.0 forbids these control characters; spreadsheets cannot hold them either
_XML_TEXT = {i: None for i in (*range(0, 9), 11, 12, *range(14, 32))}
_XML_TEXT.update({ord("&"): "&amp;", ord("<"): "&lt;", ord(">"): "&gt;"})
_CACHE_CELLS = 50_000                   # rendered cells kept per process (bounded memory)
_LEVEL = 1                              # deflate level of the workbook (the rows are most of it)
_NS = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
       "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
       "rel": "http://schemas.openxmlformats.org/package/2006/relationships"}


def column_letter(i: int) -> str:
    """1 → A, 27 → AA."""
    out = ""
    while i:
        i, rem = divmod(i - 1, 26)
        out = chr(65 + rem) + out
    return out


class RowStream:
    """Data rows of one sheet (row 2 on; row 1 is the header openpyxl writes), appended as text
    and deflated as they come (the workbook's compression: :func:`splice` copies them into the
    file as they are, and only the sheet's head and tail are compressed there)."""

    def __init__(self, directory: Path, width: int):
        fd, name = tempfile.mkstemp(dir=directory, prefix=f".zhice-rows-{os.getpid()}.", suffix=".xml")
        self.path = Path(name)
        self._fh = os.fdopen(fd, "wb")
        self._deflate = zlib.compressobj(_LEVEL, zlib.DEFLATED, -15)
        self.crc = 0                        # CRC-32 and length of the rows' text (uncompressed)
        self.length = 0
        self.rows = 1                       # the header
        self.width = width

    def write(self, text: bytes, limit: int | None = None) -> bytes:
        """Rows rendered by :func:`row_xml` (UTF-8), in order; each gets its row number here (the
        renderer does not know it, and some readers require it). Cell text is escaped, so every
        ``<row>`` in ``text`` starts a row. With ``limit``, the sheet takes rows up to that row
        number and returns the rest (b"" when all fitted)."""
        if not text:
            return b""
        parts = text.split(b"<row>")[1:]
        rest = b""
        if limit is not None and self.rows + len(parts) > limit:
            room = max(limit - self.rows, 0)
            parts, rest = parts[:room], b"<row>" + b"<row>".join(parts[room:])
        data = b"".join([b'<row r="%d">%s' % (n, part) for n, part in enumerate(parts, self.rows + 1)])
        self.crc = zlib.crc32(data, self.crc)
        self.length += len(data)
        self._fh.write(self._deflate.compress(data))
        self.rows += len(parts)
        return rest

    def size(self) -> int:
        """Bytes of the rows written so far, compressed."""
        return 0 if self._fh.closed else self._fh.tell()

    def close(self) -> None:
        if not self._fh.closed:
            self._fh.write(self._deflate.flush(zlib.Z_SYNC_FLUSH))     # ends byte-aligned, not final
            self._fh.close()

    def discard(self) -> None:
        self.close()
        self.path.unlink(missing_ok=True)


def crc32_combine(crc1: int, crc2: int, len2: int) -> int:
    """The CRC-32 of ``a + b`` from ``crc32(a)``, ``crc32(b)`` and ``len(b)`` (zlib's
    ``crc32_combine``, which Python's zlib does not offer): ``crc1`` advanced over ``len2`` zero
    bytes (the CRC's shift operator over GF(2), squared for each bit of ``len2``), then ``crc2`` added."""
    if len2 <= 0:
        return crc1

    def times(mat: list[int], vec: int) -> int:
        out, i = 0, 0
        while vec:
            if vec & 1:
                out ^= mat[i]
            vec >>= 1
            i += 1
        return out

    def square(mat: list[int]) -> list[int]:
        return [times(mat, mat[n]) for n in range(32)]

    op = [0xEDB88320] + [1 << n for n in range(31)]    # the operator for one zero bit
    for _ in range(3):
        op = square(op)                                 # … for one zero byte
    while len2:
        if len2 & 1:
            crc1 = times(op, crc1)
        len2 >>= 1
        if len2:
            op = square(op)                             # … for twice as many
    return crc1 ^ crc2


def _write_deflated(dst: zipfile.ZipFile, like: zipfile.ZipInfo, head: bytes, stream: RowStream, tail: bytes) -> None:
    """One entry of ``dst`` (named and dated as ``like``): ``head``, the stream's rows as they were
    deflated, ``tail``: one deflate stream (the head and the rows end byte-aligned and not final),
    its CRC-32 combined from the parts'. zipfile writes only what it compresses itself, so the
    entry is written as ``ZipFile.write`` writes one (header, data, then its directory record)."""
    deflate = zlib.compressobj(_LEVEL, zlib.DEFLATED, -15)
    packed_head = deflate.compress(head) + deflate.flush(zlib.Z_SYNC_FLUSH)
    deflate = zlib.compressobj(_LEVEL, zlib.DEFLATED, -15)
    packed_tail = deflate.compress(tail) + deflate.flush(zlib.Z_FINISH)
    info = zipfile.ZipInfo(like.filename, like.date_time)
    info.compress_type = zipfile.ZIP_DEFLATED
    info.external_attr = like.external_attr
    info.file_size = len(head) + stream.length + len(tail)
    info.compress_size = len(packed_head) + stream.path.stat().st_size + len(packed_tail)
    info.CRC = zlib.crc32(tail, crc32_combine(zlib.crc32(head), stream.crc, stream.length))
    zip64 = info.file_size > zipfile.ZIP64_LIMIT or info.compress_size > zipfile.ZIP64_LIMIT
    fp = dst.fp
    assert fp is not None
    fp.seek(dst.start_dir)
    info.header_offset = fp.tell()
    fp.write(info.FileHeader(zip64))
    fp.write(packed_head)
    with stream.path.open("rb") as rows:
        shutil.copyfileobj(rows, fp, 1 << 20)
    fp.write(packed_tail)
    dst.start_dir = fp.tell()
    dst.filelist.append(info)
    dst.NameToInfo[info.filename] = info
    dst._didModify = True       # type: ignore[attr-defined]


class SharedStrings:
    """A workbook's shared strings fixed before the first row: each text's cell, by its number."""

    def __init__(self, texts: list[str]):
        self.texts = list(dict.fromkeys(texts))
        self.cells = {text: f'<c t="s"><v>{i}</v></c>' for i, text in enumerate(self.texts)}

    def xml(self) -> bytes:
        """The ``xl/sharedStrings.xml`` part."""
        items = "".join(f"<si><t{_space(t)}>{t.translate(_XML_TEXT)}</t></si>" for t in self.texts)
        return (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<sst xmlns="{_NS["m"]}" '
                f'count="{len(self.texts)}" uniqueCount="{len(self.texts)}">{items}</sst>').encode("utf-8")


_NO_SHARED: dict[str, str] = {}
_cache: dict[tuple[type, Any], str] = {}


def row_xml(cells: list[Any], more: str = "", shared: dict[str, str] = _NO_SHARED) -> str:
    """One row, numbered when written (:meth:`RowStream.write`). Cells carry no reference (``r``,
    optional in SpreadsheetML): each takes the next column, ``None`` stays empty.
    ``more``: cells already rendered (:func:`cells_xml`) that follow ``cells``; ``shared``:
    :attr:`SharedStrings.cells`, the texts written as shared strings."""
    parts = ["<row>"]
    cache = _cache
    for v in cells:
        kind = type(v)
        xml = shared.get(v) if kind is str else None
        if xml is None:
            xml = cache.get((kind, v)) if kind is str or kind is int else None
            if xml is None:
                xml = _cell(v)
                if (kind is int or kind is str) and len(cache) < _CACHE_CELLS:
                    cache[(kind, v)] = xml      # counts, titles, next steps: they repeat
        parts.append(xml)
    parts.append(more)
    parts.append("</row>")
    return "".join(parts)


def cells_xml(cells: list[Any], shared: dict[str, str] = _NO_SHARED) -> str:
    """Cells rendered for :func:`row_xml`'s ``more``."""
    return "".join(shared.get(v) or _cell(v) if type(v) is str else _cell(v) for v in cells)


def _space(text: str) -> str:
    """``xml:space="preserve"`` where a reader would otherwise drop spaces (at either end, runs, new lines)."""
    if text and (text[0].isspace() or text[-1].isspace() or "  " in text or "\n" in text or "\t" in text):
        return ' xml:space="preserve"'
    return ""


def _cell(v: Any) -> str:
    if v is None:
        return "<c/>"
    if isinstance(v, bool):
        return f'<c t="b"><v>{int(v)}</v></c>'
    if isinstance(v, int) or (isinstance(v, float) and v == v and abs(v) != float("inf")):
        return f"<c><v>{v!r}</v></c>"
    text = str(v)
    return f'<c t="inlineStr"><is><t{_space(text)}>{text.translate(_XML_TEXT)}</t></is></c>'


def _sheet_parts(z: zipfile.ZipFile) -> dict[str, str]:
    """{sheet title: part name} of a workbook."""
    book = ElementTree.fromstring(z.read("xl/workbook.xml"))
    rels = ElementTree.fromstring(z.read("xl/_rels/workbook.xml.rels"))
    targets = {r.get("Id"): r.get("Target", "") for r in rels.findall("rel:Relationship", _NS)}
    out = {}
    for sheet in book.findall("m:sheets/m:sheet", _NS):
        target = targets[sheet.get(f"{{{_NS['r']}}}id")]
        out[sheet.get("name", "")] = target.lstrip("/") if target.startswith("/") else "xl/" + target
    return out


def splice(saved: Path, target: Path, streams: Mapping[str, RowStream], shared: SharedStrings | None = None) -> None:
    """Write ``target``: the workbook ``saved`` with each ``streams[title]``'s rows inserted, and
    ``shared`` as its shared strings (openpyxl's write-only workbook has none of its own)."""
    with zipfile.ZipFile(saved) as src, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED, compresslevel=_LEVEL) as dst:
        names = set(src.namelist())
        parts = {part: streams[title] for title, part in _sheet_parts(src).items() if title in streams}
        add_sst = shared is not None and shared.texts and "xl/sharedStrings.xml" not in names
        for info in src.infolist():
            stream = parts.get(info.filename)
            if stream is None:
                data = src.read(info.filename)
                if add_sst and info.filename == "[Content_Types].xml":
                    data = data.replace(b"</Types>", b'<Override PartName="/xl/sharedStrings.xml" ContentType="'
                                        b'application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"'
                                        b'/></Types>')
                elif add_sst and info.filename == "xl/_rels/workbook.xml.rels":
                    data = data.replace(b"</Relationships>", b'<Relationship Type="http://schemas.openxmlformats.org/'
                                        b'officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml" '
                                        b'Id="rIdZhiceSst"/></Relationships>')
                dst.writestr(info, data)
                continue
            stream.close()
            xml = src.read(info.filename).decode("utf-8")
            last = f"{column_letter(stream.width)}{stream.rows}"
            xml = re.sub(r'<dimension ref="[^"]*"\s*/>', f'<dimension ref="A1:{last}"/>', xml, count=1)
            if "</sheetData>" in xml:
                head, tail = xml.split("</sheetData>", 1)
                tail = "</sheetData>" + tail
            else:                           # an empty <sheetData/>
                head, tail = xml.split("<sheetData/>", 1)
                head, tail = head + "<sheetData>", "</sheetData>" + tail
            _write_deflated(dst, info, head.encode("utf-8"), stream, tail.encode("utf-8"))
        if add_sst:
            dst.writestr("xl/sharedStrings.xml", shared.xml())      # type: ignore[union-attr]
