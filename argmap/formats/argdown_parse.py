"""Argdown's lines to elements (statements, arguments) and relations: the reading half of
``argdown.parse_argdown``. Every error names the line.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

import yaml

from ..graph import ATTACK, SUPPORT
from .document import DocumentError
from .strict_json import MAX_DEPTH, bad_character

_COMMENT = re.compile(r"(?<!\\)(?:/\*.*?\*/|<!--.*?-->)|(?<!\S)//[^\n]*", re.DOTALL)
_UNCLOSED = re.compile(r"(?<!\\)(/\*|<!--)")
_RELATION = re.compile(r"(<\+|<-|<_|\+>|->|_>|><|\+|-|_)\s+(\S.*)")
_NUMBERED = re.compile(r"\(\d+\)\s+(\S.*)")
_INFERENCE = re.compile(r"--+(?:\s*(.*?)\s*--+)?")
_ELEMENT = re.compile(r"(?:\[(?P<s>[^\]\n]*)\]|<(?P<a>[^>\n]*)>)(?!\()(?P<d>:)?\s*(?P<rest>.*)")
_META = re.compile(r"(?<!\\)\{[^{}]*\}\s*$")
_TAG = re.compile(r"(?<![\\\w(/&])#(?:\(([^)\n]*)\)|(\w[\w-]*))")
_BOLD = re.compile(r"(?<!\\)(\*\*|__)(?=\S)(.+?)(?<=\S)(?<!\\)\1")
_ITALIC = re.compile(r"(?<![\\\w*])([*_])(?=\S)(.+?)(?<=[^\s\\])\1(?![\w*])")
_ESCAPE = re.compile(r"\\([^A-Za-z0-9\s])")
_DASHES = re.compile(r"-{2,}")
# symbol → (kind, True when the relation goes from the line's element to the one above it)
_KINDS = {
    "+": (SUPPORT, True),
    "<+": (SUPPORT, True),
    "-": (ATTACK, True),
    "<-": (ATTACK, True),
    "_": ("undercut", True),
    "<_": ("undercut", True),
    "+>": (SUPPORT, False),
    "->": (ATTACK, False),
    "_>": ("undercut", False),
    "><": ("contradiction", True),
}


def clean_text(raw: str) -> tuple[str, list[str], bool]:
    """Text without markup, its #tags, and whether it ended in metadata ``{…}`` (dropped)."""
    text, meta = _META.sub("", raw), bool(_META.search(raw))
    tags = [(m.group(1) or m.group(2)).strip() for m in _TAG.finditer(text)]
    text = _ITALIC.sub(r"\2", _BOLD.sub(r"\2", _TAG.sub("", text)))
    return _ESCAPE.sub(r"\1", " ".join(text.split())), [t for t in tags if t], meta


@dataclass
class Element:
    kind: str  # "s" (statement) or "a" (argument)
    title: str  # "" for an untitled statement
    line: int
    text: str = ""
    tags: list[str] = field(default_factory=list)
    group: str = ""  # the heading it was defined under
    # the reconstruction: (premise keys, conclusion key or None, inference rule) per step
    steps: list[tuple[list[str], str | None, str]] = field(default_factory=list)


@dataclass
class Relation:
    source: str
    target: str
    kind: str  # SUPPORT, ATTACK, "undercut" or "contradiction"
    line: int


@dataclass
class _Reconstruction:
    owner: str
    segments: list[list[tuple[str, int]]] = field(default_factory=lambda: [[]])
    rules: list[str] = field(default_factory=list)
    rule_open: int = 0  # line of a "--" whose inference rule continues below


class ArgdownParser:
    """Reads the lines into elements and relations; ``argdown_graph`` turns them into a graph."""

    def __init__(self, text: str, filename: str) -> None:
        self.filename, self.lines = filename, text.split("\n")
        self.title, self.group = "", ""
        self.headings: list[tuple[int, str]] = []  # (level, text or "" when not a group)
        self.elements: dict[str, Element] = {}  # "s:Title" or "a:Title" → element
        self.relations: list[Relation] = []
        self.counts: Counter[str] = Counter()
        self.stack: list[tuple[int, str]] = []  # (indent, key) of the open tree
        self.current: str | None = None  # the element a following line continues
        self.ignored: str | None = None  # … unless it was given a second text
        self.second: list[tuple[str, str]] = []  # (key, second text)
        self.pcs: _Reconstruction | None = None

    def error(self, line: int, message: str) -> DocumentError:
        return DocumentError(message, filename=self.filename, line=line)

    def parse(self) -> ArgdownParser:
        self._front_matter()
        self._strip_comments()
        blank, heading_until = False, 0
        for number, raw in enumerate(self.lines, start=1):
            if number <= heading_until:
                continue
            line = raw.expandtabs(4)
            stripped, indent = line.strip(), len(line) - len(line.lstrip())
            if self.pcs and self.pcs.rule_open:
                if _DASHES.fullmatch(stripped):
                    self.pcs.rule_open = 0
                elif stripped:
                    self.pcs.rules[-1] = f"{self.pcs.rules[-1]} {stripped}".strip()
                continue
            if not stripped:
                blank, self.current = True, None
                continue
            heading = re.match(r"(#{1,6})\s", stripped) if indent == 0 else None
            numbered, relation = _NUMBERED.fullmatch(stripped), _RELATION.fullmatch(stripped)
            if heading:  # a heading runs on to the next blank line
                heading_until = next(
                    (i for i in range(number, len(self.lines)) if not self.lines[i].strip()),
                    len(self.lines),
                )
                self._finish()
                self._heading(
                    len(heading.group(1)), " ".join(self.lines[number - 1 : heading_until])
                )
                self.stack, self.current = [], None
            elif self.pcs and stripped.startswith("--") and _INFERENCE.fullmatch(stripped):
                self._inference(stripped, number)
            elif numbered:
                self._numbered(numbered.group(1), indent, number)
            elif relation and self.stack:
                self._relation(relation.group(1), relation.group(2), indent, number)
            elif relation and not blank:
                raise self.error(
                    number,
                    f"the relation {relation.group(1)} has no statement or argument above it",
                )
            elif self.current is not None and not blank and not self._starts_element(line):
                self._extend(self.current, stripped)
            elif not re.fullmatch(r"[-=*_ ]{3,}", stripped):  # not a horizontal rule
                self._finish()
                self.current = self._element(stripped, number)
                self.stack = [(indent, self.current)]
            blank = False
        if self.pcs and self.pcs.rule_open:
            raise self.error(
                self.pcs.rule_open, "the inference rule opened here is never closed with --"
            )
        self._finish()
        self.counts["second text"] = sum(self.elements[k].text != t for k, t in self.second)
        return self

    @staticmethod
    def _starts_element(line: str) -> bool:
        """A definition ``[T]: …`` / ``<T>: …`` or a bare ``[T]`` / ``<T>`` at the margin."""
        match = _ELEMENT.fullmatch(line) if not line[:1].isspace() else None
        return bool(match and (match.group("d") or not match.group("rest")))

    def _front_matter(self) -> None:
        first = next((i for i, line in enumerate(self.lines) if line.strip()), None)
        if first is None or self.lines[first].strip() != "===":
            return
        end = next(
            (i for i in range(first + 1, len(self.lines)) if self.lines[i].strip() == "==="), None
        )
        if end is None:
            raise self.error(first + 1, "the front matter opened here with === is never closed")
        try:
            meta = self._yaml("\n".join(self.lines[first + 1 : end]), first + 2)
        except yaml.YAMLError as error:
            mark = getattr(error, "problem_mark", None)
            problem = getattr(error, "problem", None) or "cannot be read"
            raise self.error(
                first + 2 + (mark.line if mark else 0),
                f"the front matter is not valid YAML: {problem}",
            ) from None
        if isinstance(meta, dict) and meta.get("title"):
            self.title = " ".join(str(meta["title"]).split())
            problem = bad_character(self.title)
            if problem:
                raise self.error(first + 2, f"the title in the front matter {problem}")
        self.lines[first : end + 1] = [""] * (end + 1 - first)

    def _yaml(self, text: str, line: int) -> object:
        """The front matter's value. Anchors and aliases are refused before anything is built:
        a few hundred bytes of nested aliases expand to gigabytes ("billion laughs"); so is
        nesting that PyYAML's composer would recurse into. Reading events alone costs only the
        text's length.
        """
        depth = 0
        for event in yaml.parse(text, Loader=yaml.SafeLoader):
            where = line + (event.start_mark.line if event.start_mark else 0)
            if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
                raise self.error(
                    where,
                    "the front matter uses a YAML anchor or alias (& or *); "
                    "argmap does not read them: write the value out",
                )
            if isinstance(event, yaml.CollectionStartEvent):
                depth += 1
                if depth > MAX_DEPTH:
                    raise self.error(
                        where, f"the front matter is nested more than {MAX_DEPTH} levels deep"
                    )
            elif isinstance(event, yaml.CollectionEndEvent):
                depth -= 1
        return yaml.safe_load(text) or {}

    def _strip_comments(self) -> None:
        text = _COMMENT.sub(lambda m: "\n" * m.group().count("\n"), "\n".join(self.lines))
        unclosed = _UNCLOSED.search(text)
        if unclosed:
            line = text.count("\n", 0, unclosed.start()) + 1
            raise self.error(
                line, f"the comment opened here with {unclosed.group()} is never closed"
            )
        self.lines = text.split("\n")

    def _heading(self, level: int, raw: str) -> None:
        """Headings group what follows, unless ``{isGroup: false}``; the innermost group wins."""
        text = clean_text(raw.strip().lstrip("#"))[0]
        self.headings = [h for h in self.headings if h[0] < level]
        self.headings.append((level, "" if re.search(r"isGroup:\s*false", raw) else text))
        self.group = next((t for _, t in reversed(self.headings) if t), "")
        self.counts["heading"] += bool(self.headings[-1][1])

    def _element(self, raw: str, line: int) -> str:
        """The key of the statement or argument that ``raw`` defines or names."""
        self.ignored = None
        match = _ELEMENT.fullmatch(raw)
        if match is None:
            key = f"s:#{line}"
            self.elements[key] = Element("s", "", line, group=self.group)
            self._extend(key, raw)
            return key
        kind = "s" if match.group("s") is not None else "a"
        title = " ".join((match.group("s") or match.group("a") or "").split())
        if not title:
            raise self.error(line, f"the title in {'[ ]' if kind == 's' else '< >'} is empty")
        key = f"{kind}:{title}"
        element = self.elements.setdefault(key, Element(kind, title, line, group=self.group))
        rest = match.group("rest")
        if match.group("d") and element.text:  # a second text: compared, then dropped
            self.ignored = key
            self.second.append((key, clean_text(rest)[0]))
        elif rest:
            self._extend(key, rest)
        return key

    def _extend(self, key: str, raw: str) -> None:
        text, tags, meta = clean_text(raw)
        if self.ignored == key:
            self.second[-1] = (key, f"{self.second[-1][1]} {text}".strip())
            return
        element = self.elements[key]
        element.text = f"{element.text} {text}".strip()
        element.tags += tags
        self.counts["metadata"] += meta

    def _relation(self, symbol: str, raw: str, indent: int, line: int) -> None:
        while self.stack and self.stack[-1][0] >= indent:
            self.stack.pop()
        if not self.stack:
            raise self.error(line, f"the relation {symbol} has no statement or argument above it")
        parent = self.stack[-1][1]
        self.current = self._element(raw, line)
        kind, upward = _KINDS[symbol]
        source, target = (self.current, parent) if upward else (parent, self.current)
        self.relations.append(Relation(source, target, kind, line))
        self.stack.append((indent, self.current))

    def _numbered(self, raw: str, indent: int, line: int) -> None:
        if self.pcs is None:
            top = self.stack[0][1] if self.stack else ""
            if not top.startswith("a:") or self.elements[top].steps:
                top = f"a:Argument at line {line}"
                self.elements[top] = Element("a", top[2:], line, group=self.group)
                self.counts["anonymous"] += 1
            self.pcs = _Reconstruction(top)
        self.current = self._element(raw, line)
        self.pcs.segments[-1].append((self.current, line))
        while self.stack and self.stack[-1][0] >= indent:
            self.stack.pop()
        self.stack.append((indent, self.current))

    def _inference(self, stripped: str, line: int) -> None:
        assert self.pcs is not None
        if not self.pcs.segments[-1]:
            raise self.error(line, "an inference line (----) needs premises above it")
        match = _INFERENCE.fullmatch(stripped)
        rule = (match.group(1) if match else None) or ""
        self.pcs.rules.append(clean_text(rule)[0])
        self.pcs.segments.append([])
        following = next((s.strip() for s in self.lines[line:] if s.strip()), "")
        if _DASHES.fullmatch(stripped) and not _NUMBERED.fullmatch(following):
            self.pcs.rule_open = line
        self.current = None

    def _finish(self) -> None:
        """Close the open reconstruction: one step per inference line, or premises alone."""
        pcs, self.pcs = self.pcs, None
        if pcs is None:
            return
        owner = self.elements[pcs.owner]
        if not pcs.rules:
            owner.steps = [([key for key, _ in pcs.segments[0]], None, "")]
            return
        last = pcs.segments[-1]
        if len(last) != 1:
            where = last[1][1] if last else owner.line
            raise self.error(
                where, "after the last inference line (----) exactly one conclusion must follow"
            )
        for i, rule in enumerate(pcs.rules):
            premises = [key for key, _ in pcs.segments[i]]
            conclusion, line = pcs.segments[i + 1][0]
            if conclusion in premises:
                raise self.error(line, "a conclusion cannot also be a premise of the same step")
            owner.steps.append((premises, conclusion, rule))
