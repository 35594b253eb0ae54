"""ArgumentGraph to AIF JSON, in the shape AIFdb's upload takes (what ``parse_aif`` reads back).

Every claim is an I-node; a support argument an RA node, an attack a CA node, with edges from
each premise and to the conclusion (or, for an undercut, to the argument's RA/CA node). Schemes
go out as the S-node's text, with a ``schemefulfillments`` entry where AIFdb's scheme ID is known.
A claim with a speaker gets an L-node "Speaker : text", a YA "Asserting" node, a locution (with
``start`` when the map knows when it was said) and a participant. Notes and tags have no place
in AIF.
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from ..graph import SUPPORT, ArgumentGraph
from .aif import DEFAULT_CONFLICT, DEFAULT_INFERENCE, SCHEME_IDS


def write_aif(graph: ArgumentGraph) -> str:
    """The graph as an AIFdb nodeset (JSON text)."""
    nodes: list[dict[str, Any]] = []
    edges: list[dict[str, Any]] = []
    fulfilments: list[dict[str, str]] = []
    locutions: list[dict[str, Any]] = []
    people: dict[str, int] = {}
    ids = iter(range(1, 10**9))

    def node(kind: str, text: str, when: datetime | None = None) -> str:
        nid = str(next(ids))
        nodes.append({"nodeID": nid, "text": text, "type": kind})
        if when is not None:  # AIFdb's node timestamp; left out where the map does not know it
            nodes[-1]["timestamp"] = when.strftime("%Y-%m-%d %H:%M:%S")
        if kind != "I" and text in SCHEME_IDS:
            fulfilments.append({"nodeID": nid, "schemeID": str(SCHEME_IDS[text])})
        return nid

    def edge(source: str, target: str) -> None:
        edges.append({"edgeID": str(len(edges) + 1), "fromID": source, "toID": target})

    inode = {cid: node("I", claim.text, claim.created) for cid, claim in graph.claims.items()}
    for cid, claim in graph.claims.items():
        if not claim.speaker:
            continue
        person = people.setdefault(claim.speaker, len(people) + 1)
        said = node("L", f"{claim.speaker} : {claim.text}", claim.created)
        asserting = node("YA", "Asserting")
        edge(said, asserting)
        edge(asserting, inode[cid])
        start = claim.created.strftime("%Y-%m-%d %H:%M:%S") if claim.created else None
        locutions.append({"nodeID": said, "personID": str(person), "start": start})
    snode: dict[int, str] = {}
    for aid, argument in graph.arguments.items():
        default = DEFAULT_INFERENCE if argument.kind == SUPPORT else DEFAULT_CONFLICT
        snode[aid] = node("RA" if argument.kind == SUPPORT else "CA", argument.scheme or default)
        for pid in argument.premise_ids:
            edge(inode[pid], snode[aid])
    for aid, argument in graph.arguments.items():
        target = inode[argument.conclusion_id] if argument.conclusion_id is not None else None
        if argument.target_id is not None:
            target = snode[argument.target_id]
        if target is not None:
            edge(snode[aid], target)
    participants = []
    for name, number in people.items():
        first, _, last = name.partition(" ")
        participants.append({"participantID": str(number), "firstname": first, "surname": last})
    nodeset = {
        "nodes": nodes,
        "edges": edges,
        "locutions": locutions,
        "participants": participants,
        "schemefulfillments": fulfilments,
    }
    return json.dumps(nodeset, ensure_ascii=False, indent=1) + "\n"
