"""Safe YAML (and JSON) loading that keeps line numbers and rejects duplicate keys.

Nothing is ever constructed beyond plain data (PyYAML's safe constructor): no tags, no
objects, nothing eval'd. Every duplicate key in a document is reported, not only the first.

Every input is bounded (:mod:`zhice.limits`): only regular files of at most ``MAX_FILE_BYTES``
are read (a FIFO, a device or a folder is a problem, never a read without end); a document may
nest ``MAX_DEPTH`` levels and its aliases may expand to ``MAX_ALIAS_NODES`` nodes (a 400-byte
"billion laughs" document is refused, not expanded); a value YAML cannot build (an impossible
date such as 2021-02-30, an integer of thousands of digits) is a problem at its line.
"""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

import zhice.limits as limits
from zhice.errors import Problem
from zhice.rulebook_words import os_reason, python_reason, say, yaml_reason

__all__ = ["Loaded", "load_text", "load_file", "read_bounded"]

# libyaml's safe loader when PyYAML was built with it (about 10x faster); same safe constructor
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_TIMESTAMP = "tag:yaml.org,2002:timestamp"
_INT = "tag:yaml.org,2002:int"


@dataclass
class Loaded:
    """A parsed document, the line of every dotted path in it, and the problems found."""

    data: Any
    lines: dict[str, int] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)

    def line_of(self, path: str) -> int | None:
        """Line of ``path`` or of its nearest ancestor that has one."""
        while True:
            if path in self.lines:
                return self.lines[path]
            if "." not in path:
                return self.lines.get("", None)
            path = path.rsplit(".", 1)[0]


class _TooBig(Exception):
    """Raised inside the walk when a limit is passed; carries the problem."""

    def __init__(self, problem: Problem):
        super().__init__(problem.message)
        self.problem = problem


class _Walk:
    """Builds plain data from a composed node graph, counting what aliases expand to."""

    def __init__(self, loader: Any, out: Loaded, file: str | None):
        self.loader = loader
        self.out = out
        self.file = file
        self.seen: set[int] = set()
        self.expanded = 0

    def node(self, node: yaml.Node, path: str, depth: int) -> Any:
        out, file = self.out, self.file
        line = node.start_mark.line + 1
        if depth > limits.MAX_DEPTH:
            raise _TooBig(limits.problem("too-deep", file, line, _short(path)))
        if id(node) in self.seen:
            # a node reached again: an alias being expanded
            self.expanded += 1
            if self.expanded > limits.MAX_ALIAS_NODES:
                raise _TooBig(limits.problem("alias-bomb", file, line, _short(path)))
        else:
            self.seen.add(id(node))
        out.lines.setdefault(path, line)
        if isinstance(node, yaml.MappingNode):
            return self.mapping(node, path, depth)
        if isinstance(node, yaml.SequenceNode):
            return [self.node(item, f"{path}.{i}" if path else str(i), depth + 1)
                    for i, item in enumerate(node.value)]
        return self.scalar(node, path)

    def mapping(self, node: yaml.MappingNode, path: str, depth: int) -> dict[Any, Any]:
        out, file = self.out, self.file
        result: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                out.problems.append(Problem("yaml-merge-key", say("merge-key"),
                                            file, key_node.start_mark.line + 1, path or None, say("merge-key.hint")))
                continue
            key = self.scalar(key_node, path) if isinstance(key_node, yaml.ScalarNode) else None
            if not isinstance(key, (str, int, float, bool)) or key is None:
                out.problems.append(Problem("yaml-bad-key", say("bad-key", key=key),
                                            file, key_node.start_mark.line + 1, path or None, say("bad-key.hint")))
                continue
            key = str(key) if not isinstance(key, str) else key
            child = f"{path}.{key}" if path else key
            if key in result:
                first = out.lines.get(child)
                out.problems.append(Problem(
                    "duplicate-key", say("duplicate-key", key=key, first=first),
                    file, key_node.start_mark.line + 1, child, say("duplicate-key.hint")))
                continue
            out.lines[child] = key_node.start_mark.line + 1
            result[key] = self.node(value_node, child, depth + 1)
        return result

    def scalar(self, node: yaml.Node, path: str) -> Any:
        line = node.start_mark.line + 1
        if isinstance(node, yaml.ScalarNode) and len(node.value) > limits.MAX_SCALAR_CHARS:
            raise _TooBig(limits.problem("value-too-long", self.file, line, path or None))
        try:
            return self.loader.construct_object(node, deep=True)
        except (ValueError, OverflowError, TypeError, yaml.YAMLError) as exc:
            # YAML recognised the value's form but cannot build it: 2021-02-30, a 5,000-digit integer
            text = node.value if isinstance(node, yaml.ScalarNode) else ""
            if node.tag == _INT:
                problem = limits.problem("number-too-large", self.file, line, path or None,
                                         found=limits.digits_text(len(text)))
            else:
                code = "bad-date" if node.tag == _TIMESTAMP else "bad-value"
                problem = limits.problem(code, self.file, line, path or None, value=text, reason=python_reason(str(exc)))
            self.out.problems.append(problem)
            return None


def _short(path: str, keep: int = 6) -> str | None:
    """A path as a problem names it: its first ``keep`` steps (a too-deep one has hundreds)."""
    steps = path.split(".") if path else []
    return ".".join(steps[:keep]) + (".…" if len(steps) > keep else "") if steps else None


def load_text(text: str, file: str | None = None) -> Loaded:
    """Parse YAML or JSON text. Syntax errors and passed limits become problems with a line number."""
    if len(text) > limits.MAX_FILE_BYTES:
        return Loaded(None, {}, [limits.problem("file-too-large", file, None, None, size=len(text))])
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return Loaded(None, {}, [])
        out = Loaded(None)
        try:
            out.data = _Walk(loader, out, file).node(node, "", 0)
        except _TooBig as exc:
            return Loaded(None, out.lines, [exc.problem])
        return out
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        msg = yaml_reason(*(str(x) for x in (exc.context, exc.problem) if x))
        return Loaded(None, {}, [Problem("invalid-yaml", say("invalid-yaml", reason=msg), file, line,
                                         hint=say("invalid-yaml.hint"))])
    except yaml.YAMLError as exc:
        return Loaded(None, {}, [Problem("invalid-yaml", say("invalid-yaml", reason=yaml_reason(str(exc))), file,
                                         hint=say("invalid-yaml.text"))])
    except RecursionError:
        return Loaded(None, {}, [limits.problem("too-deep", file, None, None)])
    finally:
        loader.dispose()


def read_bounded(path: str | Path, max_bytes: int = limits.MAX_FILE_BYTES) -> bytes | Problem:
    """The bytes of a regular file of at most ``max_bytes``, or the problem that prevents it.

    A FIFO, a device (``/dev/zero``, ``/dev/urandom``), a socket or a folder is refused before
    it is read; the file is opened without blocking, checked again once open, and read only up
    to the limit, so nothing is read without end.
    """
    shown = str(path)
    try:
        st = os.stat(path)
    except OSError as exc:
        return Problem("unreadable", say("unreadable", reason=os_reason(exc)), shown, hint=say("unreadable.hint"))
    if not stat.S_ISREG(st.st_mode):
        return limits.problem("not-a-file", shown, None, None, kind=limits.file_kind(st.st_mode))
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0))
    except OSError as exc:
        return Problem("unreadable", say("unreadable", reason=os_reason(exc)), shown, hint=say("unreadable.open"))
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):   # replaced between the two looks
            return limits.problem("not-a-file", shown, None, None, kind=limits.file_kind(st.st_mode))
        if st.st_size > max_bytes:
            return limits.problem("file-too-large", shown, None, None, size=st.st_size)
        chunks: list[bytes] = []
        total = 0
        while True:
            chunk = os.read(fd, 1 << 20)
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
            if total > max_bytes:   # grew while being read
                return limits.problem("file-too-large", shown, None, None, size=total)
        return b"".join(chunks)
    except OSError as exc:
        return Problem("unreadable", say("unreadable", reason=os_reason(exc)), shown, hint=say("unreadable.hint"))
    finally:
        os.close(fd)


def load_file(path: str | Path) -> Loaded:
    """Read and parse a file; an unreadable, oversized or non-UTF-8 file is a problem, not a traceback."""
    raw = read_bounded(path)
    if isinstance(raw, Problem):
        return Loaded(None, {}, [raw])
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[:exc.start].count(b"\n") + 1
        return Loaded(None, {}, [Problem("bad-encoding", say("bad-encoding", reason=exc.reason, at=exc.start),
                                         str(path), line, hint=say("bad-encoding.hint"))])
    return load_text(text, str(path))
