"""Safe YAML (and JSON) loading that keeps line numbers and rejects duplicate keys.

Nothing is ever constructed beyond plain data (PyYAML's safe constructor): no tags, no
objects, nothing eval'd. Every duplicate key in a document is reported, not only the first.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from zhice.errors import Problem

__all__ = ["Loaded", "load_text", "load_file"]

# libyaml's safe loader when PyYAML was built with it (about 10x faster); same safe constructor
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


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


def _walk(loader: yaml.SafeLoader, node: yaml.Node, path: str, out: Loaded, file: str | None) -> Any:
    out.lines.setdefault(path, node.start_mark.line + 1)
    if isinstance(node, yaml.MappingNode):
        result: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                out.problems.append(Problem("yaml-merge-key", "YAML merge keys (<<) are not supported",
                                            file, key_node.start_mark.line + 1, path or None,
                                            "write the keys out in full"))
                continue
            key = loader.construct_object(key_node, deep=True)
            if not isinstance(key, (str, int, float, bool)) or key is None:
                out.problems.append(Problem("yaml-bad-key", f"a key must be text, found {key!r}",
                                            file, key_node.start_mark.line + 1, path or None))
                continue
            key = str(key) if not isinstance(key, str) else key
            child = f"{path}.{key}" if path else key
            if key in result:
                first = out.lines.get(child)
                out.problems.append(Problem(
                    "duplicate-key", f"duplicate key '{key}' (first defined on line {first})",
                    file, key_node.start_mark.line + 1, child,
                    "remove one of the two entries; YAML would silently keep only the last"))
                continue
            out.lines[child] = key_node.start_mark.line + 1
            result[key] = _walk(loader, value_node, child, out, file)
        return result
    if isinstance(node, yaml.SequenceNode):
        return [_walk(loader, item, f"{path}.{i}" if path else str(i), out, file)
                for i, item in enumerate(node.value)]
    return loader.construct_object(node, deep=True)


def load_text(text: str, file: str | None = None) -> Loaded:
    """Parse YAML or JSON text. Syntax errors become problems with a line number."""
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return Loaded(None, {}, [])
        out = Loaded(None)
        out.data = _walk(loader, node, "", out, file)
        return out
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        msg = " ".join(str(x) for x in (exc.context, exc.problem) if x)
        return Loaded(None, {}, [Problem("invalid-yaml", f"not valid YAML: {msg}", file, line,
                                         hint="check indentation and that every 'key: value' has a space after the colon")])
    except yaml.YAMLError as exc:
        return Loaded(None, {}, [Problem("invalid-yaml", f"not valid YAML: {exc}", file)])
    finally:
        loader.dispose()


def load_file(path: str | Path) -> Loaded:
    """Read and parse a file; an unreadable or non-UTF-8 file is a problem, not a traceback."""
    p = Path(path)
    try:
        raw = p.read_bytes()
    except OSError as exc:
        return Loaded(None, {}, [Problem("unreadable", f"cannot read file: {exc.strerror}", str(path),
                                         hint="check the path")])
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        return Loaded(None, {}, [Problem("bad-encoding", f"file is not UTF-8 ({exc.reason} at byte {exc.start})",
                                         str(path), hint="save the file as UTF-8")])
    return load_text(text, str(path))
