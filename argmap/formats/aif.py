"""AIF JSON (the Argument Interchange Format as AIFdb and OVA write it) to and from ArgumentGraph.

Import: a nodeset ``{"nodes", "edges", "locutions", "participants", ...}`` at the top or under
``"AIF"`` (OVA3, xAIF); node IDs may be strings or integers. I-nodes become claims, RA nodes
support arguments (all the I-nodes that point into one RA are its co-premises), CA nodes attacks
(a CA that points at an RA or CA is an undercut). MA (rephrase) and PA (preference) nodes become
notes on the node they point at. L-nodes give the claims they assert (L → YA → I) a speaker
(from ``participants``, else the "Name : text" prefix of the locution) and the time it was said
(the locution's ``start``). Dialogue structure (L, TA, YA) is not kept; the report says so.

Export: see ``aif_write.write_aif``.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from datetime import UTC, datetime
from typing import Any

from ..graph import ATTACK, SUPPORT, ArgumentGraph, ArgumentNode, ClaimNode, GraphNote
from .document import DocumentError
from .strict_json import JsonError, read_json

DEFAULT_INFERENCE = "Default Inference"
DEFAULT_CONFLICT = "Default Conflict"
# Scheme IDs of AIFdb that appear in its public nodesets; other schemes go out by name only.
SCHEME_IDS = {
    DEFAULT_INFERENCE: 72,
    DEFAULT_CONFLICT: 71,
    "Default Rephrase": 144,
    "Default Preference": 161,
    "Asserting": 74,
    "Analogy": 1,
    "Correlation To Cause": 7,
    "Expert Opinion": 15,
    "Sign": 30,
    "Verbal Classification": 31,
}
SCHEME_NAMES = {number: name for name, number in SCHEME_IDS.items()}
GENERIC = {"", "RA", "CA", DEFAULT_INFERENCE, DEFAULT_CONFLICT}
ARGUMENT_TYPES = {"RA", "CA"}
_SPEAKER_PREFIX = re.compile(r"^\s*([^:\n]{1,100}?)\s+:\s+\S")
_TIME_FORMATS = ("%Y-%m-%d %H:%M:%S", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%dT%H:%M:%SZ", "%Y-%m-%d")


_PREFERENCE = ("PA", "preference (PA)", "preferences (PA)")
_DIALOGUE = {
    "TA": ("transition (TA) between locutions", "transitions (TA) between locutions"),
    "YA": ("illocution (YA)", "illocutions (YA)"),
}
_DROPPED = {  # why an S-node was left out: (one, many)
    "RA": (
        "RA node without a premise or a conclusion",
        "RA nodes without a premise or a conclusion",
    ),
    "CA": ("CA node without a premise or a target", "CA nodes without a premise or a target"),
    "premise": (
        "argument node used as a premise (argmap's premises are claims)",
        "argument nodes used as premises (argmap's premises are claims)",
    ),
    "support": (
        "support of an argument (argmap supports only claims)",
        "supports of arguments (argmap supports only claims)",
    ),
    "undercut": (
        "undercut of an argument that was not kept",
        "undercuts of arguments that were not kept",
    ),
}


def _plural(count: int, one: str, many: str) -> str:
    return f"{count:,} {one if count == 1 else many}"


def _time(value: Any) -> datetime | None:
    if not isinstance(value, str) or not value.strip():
        return None
    for pattern in _TIME_FORMATS:
        try:
            return datetime.strptime(value.strip(), pattern).replace(tzinfo=UTC)
        except ValueError:
            continue
    return None


def _nodeset(text: str, filename: str) -> dict[str, Any]:
    try:
        data = read_json(text)
    except JsonError as error:
        where = f" at column {error.column}" if error.column else ""
        raise DocumentError(
            f"{error.message}{where}",
            filename=filename,
            line=error.line,
        ) from None
    if isinstance(data, dict) and isinstance(data.get("AIF"), dict):
        data = data["AIF"]
    if not isinstance(data, dict) or not isinstance(data.get("nodes"), list):
        raise DocumentError(
            'expected an AIF nodeset: a JSON object with a "nodes" list (at the top or under "AIF")',
            filename=filename,
        )
    for key in ("edges", "locutions", "participants", "schemefulfillments"):
        if data.get(key) is None:
            data[key] = []
        elif not isinstance(data[key], list):
            raise DocumentError(f'"{key}" must be a list', filename=filename)
    return data


def _node_id(value: Any, where: str, filename: str) -> str:
    if isinstance(value, bool) or not isinstance(value, str | int) or str(value).strip() == "":
        raise DocumentError(
            f"{where}: expected a node ID (a string or an integer), found {value!r}",
            filename=filename,
        )
    return str(value).strip()


def parse_aif(text: str, *, filename: str) -> tuple[ArgumentGraph, list[str]]:
    """Read an AIF nodeset; raises DocumentError naming the node or edge at fault."""
    data = _nodeset(text, filename)
    nodes: dict[str, dict[str, Any]] = {}
    for i, raw in enumerate(data["nodes"]):
        if not isinstance(raw, dict):
            raise DocumentError(f"nodes[{i}]: expected an object", filename=filename)
        nid = _node_id(raw.get("nodeID"), f"nodes[{i}]", filename)
        if nid in nodes:
            raise DocumentError(f"node {nid}: the ID is used twice", filename=filename)
        kind = raw.get("type")
        if not isinstance(kind, str) or not kind.strip():
            raise DocumentError(f'node {nid}: expected a "type" (I, RA, CA, …)', filename=filename)
        raw_text = raw.get("text", "")
        if not isinstance(raw_text, str):
            raise DocumentError(f'node {nid}: "text" must be a string', filename=filename)
        nodes[nid] = {**raw, "type": kind.strip().upper(), "text": raw_text}
    incoming: dict[str, list[str]] = defaultdict(list)
    outgoing: dict[str, list[str]] = defaultdict(list)
    for i, edge in enumerate(data["edges"]):
        if not isinstance(edge, dict):
            raise DocumentError(f"edges[{i}]: expected an object", filename=filename)
        where = f"edge {edge.get('edgeID', f'#{i}')}"
        source = _node_id(edge.get("fromID"), f"{where} fromID", filename)
        target = _node_id(edge.get("toID"), f"{where} toID", filename)
        for end in (source, target):
            if end not in nodes:
                raise DocumentError(f"{where}: node {end} is not in the nodeset", filename=filename)
        if target not in outgoing[source]:
            outgoing[source].append(target)
            incoming[target].append(source)
    return _Reader(nodes, incoming, outgoing, data, filename).graph()


class _Reader:
    def __init__(
        self,
        nodes: dict[str, dict[str, Any]],
        incoming: dict[str, list[str]],
        outgoing: dict[str, list[str]],
        data: dict[str, Any],
        filename: str,
    ) -> None:
        self.nodes, self.incoming, self.outgoing = nodes, incoming, outgoing
        self.data, self.filename = data, filename
        self.graph_ = ArgumentGraph(title=str(data.get("title") or ""))
        self.claim_of: dict[str, int] = {}
        self.arguments_of: dict[str, list[int]] = {}
        self.report: list[str] = []
        self.dropped: Counter[str] = Counter()
        self.pending: list[tuple[int, str]] = []  # (undercut, the node it points at)

    def error(self, nid: str, message: str) -> DocumentError:
        kind = self.nodes[nid]["type"]
        return DocumentError(f"node {nid} ({kind}): {message}", filename=self.filename)

    def of_type(self, *kinds: str) -> list[str]:
        return [nid for nid, node in self.nodes.items() if node["type"] in kinds]

    def graph(self) -> tuple[ArgumentGraph, list[str]]:
        for nid in self.of_type("I"):
            text = self.nodes[nid]["text"].strip()
            if not text:
                raise self.error(nid, "an I-node needs a text (its proposition)")
            claim = ClaimNode(id=len(self.claim_of) + 1, text=text, origin=f"node {nid}")
            self.graph_.claims[claim.id] = claim
            self.claim_of[nid] = claim.id
        schemes = {
            str(f.get("nodeID")): f.get("schemeID")
            for f in self.data["schemefulfillments"]
            if isinstance(f, dict)
        }
        for nid in self.of_type(*ARGUMENT_TYPES):
            self._argument(nid, schemes.get(nid))
        self._targets()
        self._annotations()
        self._locutions()
        for reason, count in sorted(self.dropped.items()):
            one, many = _DROPPED[reason]
            self.report.append(f"{_plural(count, one, many)} not kept")
        return self.graph_, self.report

    def _argument(self, nid: str, scheme_id: Any) -> None:
        node = self.nodes[nid]
        premises = [self.claim_of[p] for p in self.incoming[nid] if p in self.claim_of]
        others = [p for p in self.incoming[nid] if p not in self.claim_of]
        if any(self.nodes[p]["type"] in ARGUMENT_TYPES for p in others):
            self.dropped["premise"] += 1
        conclusions = [c for c in self.outgoing[nid] if c in self.claim_of]
        targets = [t for t in self.outgoing[nid] if self.nodes[t]["type"] in ARGUMENT_TYPES]
        if node["type"] == "RA" and targets:
            self.dropped["support"] += len(targets)
            targets = []
        if not premises or not (conclusions or targets):
            self.dropped[node["type"]] += 1
            return
        if len(conclusions) + len(targets) > 1:
            self.report.append(
                f"Node {nid} ({node['type']}) points at {len(conclusions) + len(targets)} nodes: "
                "made one argument for each"
            )
        name: str = node["scheme"] if isinstance(node.get("scheme"), str) else node["text"]
        if name.strip() in GENERIC and str(scheme_id).isdigit():
            name = SCHEME_NAMES.get(int(str(scheme_id)), name)
        scheme = "" if name.strip() in GENERIC else name.strip()
        kind = SUPPORT if node["type"] == "RA" else ATTACK
        made: list[int] = []
        for conclusion in conclusions:
            cid = self.claim_of[conclusion]
            if cid in premises:
                raise self.error(nid, f"I-node {conclusion} is both a premise and its conclusion")
            made.append(self._add(nid, kind, premises, scheme, conclusion_id=cid))
        for target in targets:  # an undercut: its target's argument ID is filled in later
            made.append(self._add(nid, kind, premises, scheme, target_id=-1))
            self.pending.append((made[-1], target))
        self.arguments_of[nid] = made

    def _add(self, nid: str, kind: str, premises: list[int], scheme: str, **end: int) -> int:
        aid = len(self.graph_.arguments) + 1
        self.graph_.arguments[aid] = ArgumentNode(
            id=aid,
            kind=kind,
            premise_ids=list(dict.fromkeys(premises)),
            scheme=scheme,
            origin=f"node {nid}",
            **end,
        )
        return aid

    def _targets(self) -> None:
        """Undercuts point at the first argument made from their target node; no circles."""
        for aid, target in self.pending:
            made = self.arguments_of.get(target)
            if not made:
                del self.graph_.arguments[aid]
                self.dropped["undercut"] += 1
                continue
            self.graph_.arguments[aid].target_id = made[0]
        for aid in list(self.graph_.arguments):
            seen: set[int] = set()
            current: int | None = aid
            while current is not None and current in self.graph_.arguments:
                if current in seen:
                    node = next(n for n, ids in self.arguments_of.items() if aid in ids)
                    raise self.error(node, "its undercuts attack each other in a circle")
                seen.add(current)
                current = self.graph_.arguments[current].target_id

    def _annotations(self) -> None:
        """MA and PA nodes become notes on the node they point at."""
        counts: Counter[str] = Counter()
        for nid in self.of_type("MA", "PA"):
            node = self.nodes[nid]
            label = "Rephrase" if node["type"] == "MA" else "Preference"
            sources = [self._describe(s) for s in self.incoming[nid]]
            for target in self.outgoing[nid]:
                if target in self.claim_of:
                    where: tuple[str, int] = ("claim", self.claim_of[target])
                elif self.arguments_of.get(target):
                    where = ("argument", self.arguments_of[target][0])
                else:
                    continue
                verb = "rephrases" if label == "Rephrase" else "is preferred to"
                body = "; ".join(f"{s} {verb} this" for s in sources if s) or f"{label} (AIF)"
                scheme = node["text"].strip()
                self.graph_.notes.append(
                    GraphNote(
                        target=where[0],
                        target_id=where[1],
                        body=f"{scheme}: {body}",
                        origin=f"node {nid}",
                    )
                )
                counts[node["type"]] += 1
        for kind, one, many in (("MA", "rephrase (MA)", "rephrases (MA)"), _PREFERENCE):
            if counts[kind]:
                self.report.append(f"{_plural(counts[kind], one, many)} kept as notes")

    def _describe(self, nid: str) -> str:
        node = self.nodes[nid]
        if node["type"] == "I":
            return f"“{node['text'].strip()}”"
        if node["type"] in ARGUMENT_TYPES:
            return f"{node['text'].strip() or node['type']} (node {nid})"
        return ""

    def _locutions(self) -> None:
        people = {
            str(p.get("participantID")): " ".join(
                str(p.get(k) or "").strip() for k in ("firstname", "surname")
            ).strip()
            for p in self.data["participants"]
            if isinstance(p, dict)
        }
        said: dict[str, tuple[str, datetime | None]] = {}
        for loc in self.data["locutions"]:
            if isinstance(loc, dict) and str(loc.get("nodeID")) in self.nodes:
                person = people.get(str(loc.get("personID")), "")
                said[str(loc.get("nodeID"))] = (person, _time(loc.get("start")))
        speakers = 0
        for lid in self.of_type("L"):
            person, when = said.get(lid, ("", None))
            if not person:
                match = _SPEAKER_PREFIX.match(self.nodes[lid]["text"])
                person = match.group(1).strip() if match else ""
            for ya in self.outgoing[lid]:
                if self.nodes[ya]["type"] != "YA":
                    continue
                for target in self.outgoing[ya]:
                    claim = self.graph_.claims.get(self.claim_of.get(target, 0))
                    if claim is None or claim.speaker:
                        continue
                    claim.speaker, claim.created = person, when
                    speakers += 1 if person else 0
        kinds = Counter(node["type"] for node in self.nodes.values())
        if kinds["L"]:
            self.report.append(
                f"{_plural(kinds['L'], 'locution (L-node)', 'locutions (L-nodes)')} not kept as "
                f"text; {_plural(speakers, 'claim takes', 'claims take')} a speaker from them"
            )
        for kind, count in sorted(kinds.items()):
            if kind not in {"I", "L", "MA", "PA", *ARGUMENT_TYPES}:
                one, many = _DIALOGUE.get(kind, (f"{kind} node", f"{kind} nodes"))
                self.report.append(f"{_plural(count, one, many)} not kept")
