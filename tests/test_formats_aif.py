"""AIF JSON: real AIFdb and OVA nodesets, synthetic ones for what they lack, round trips, refusals.

Plain pytest (no database): run with ``--noconftest -p no:django`` if Django is not set up.
"""

from __future__ import annotations

import json
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from argmap.formats.aif import parse_aif
from argmap.formats.aif_write import write_aif
from argmap.formats.document import DocumentError
from argmap.graph import ATTACK, SUPPORT

MAPS = Path(__file__).resolve().parent / "maps"
AIFDB = MAPS / "aifdb-nodeset-17919.json"
OVA = MAPS / "ova-xaif-dungeons-and-dragons.json"


def aif_structure(text: str) -> tuple[Counter[str], Counter[Any], int]:
    """I-node texts, RA/CA nodes as (type, premise texts, target), and edges between them."""
    data = json.loads(text)
    data = data.get("AIF", data)
    nodes = {str(n["nodeID"]): n for n in data["nodes"] if n["type"] in ("I", "RA", "CA")}
    edges = [(str(e["fromID"]), str(e["toID"])) for e in data["edges"]]
    edges = [(a, b) for a, b in edges if a in nodes and b in nodes]

    def signature(nid: str, depth: int = 0) -> Any:
        node = nodes[nid]
        if node["type"] == "I" or depth > 10:
            return node["text"].strip()
        premises = sorted(nodes[a]["text"].strip() for a, b in edges if b == nid)
        targets = sorted(str(signature(b, depth + 1)) for a, b in edges if a == nid)
        return (node["type"], tuple(premises), tuple(targets))

    texts = Counter(n["text"].strip() for n in nodes.values() if n["type"] == "I")
    arguments = Counter(signature(nid) for nid, n in nodes.items() if n["type"] != "I")
    return texts, arguments, len(edges)


def nodeset(nodes: list[tuple[Any, str, str]], edges: list[tuple[Any, Any]], **extra: Any) -> str:
    return json.dumps(
        {
            "nodes": [{"nodeID": i, "type": t, "text": x} for i, t, x in nodes],
            "edges": [{"edgeID": n, "fromID": a, "toID": b} for n, (a, b) in enumerate(edges)],
            **extra,
        }
    )


def by_text(graph):
    return {c.text: c for c in graph.claims.values()}


# --- real files ---------------------------------------------------------------------------


def test_aifdb_nodeset_claims_arguments_speakers_and_times():
    graph, report = parse_aif(AIFDB.read_text(), filename=AIFDB.name)
    assert len(graph.claims) == 16 and len(graph.arguments) == 5
    assert all(a.kind == SUPPORT and len(a.premise_ids) == 1 for a in graph.arguments.values())
    claims = by_text(graph)
    advice = claims["the advice is so important"]
    risk = claims[
        "at no point are we going to take any risk with anyone's health, the children's, teachers', parents, anyone"
    ]
    assert any(
        a.conclusion_id == advice.id and a.premise_ids == [risk.id]
        for a in graph.arguments.values()
    )
    # no participants in the file: the speaker comes from "Chris Philp : …" of the locution
    assert advice.speaker == "Chris Philp"
    question = next(
        c for c in graph.claims.values() if c.text.startswith("it would be more likely")
    )
    assert question.speaker == "Fiona Bruce"
    assert question.created == datetime(2020, 5, 21, 23, 1, 12, tzinfo=UTC)
    assert {c.speaker for c in graph.claims.values()} == {"Chris Philp", "Fiona Bruce"}
    # 4 MA (rephrase) nodes kept as notes on the claim each points at
    assert len(graph.notes) == 4 and all(n.target == "claim" for n in graph.notes)
    assert any("rephrases this" in n.body for n in graph.notes)
    assert "4 rephrases (MA) kept as notes" in report
    assert "14 transitions (TA) between locutions not kept" in report
    assert "25 illocutions (YA) not kept" in report
    assert any(line.startswith("33 locutions (L-nodes) not kept") for line in report)


def test_ova_nodeset_with_string_ids_schemes_and_conflicts():
    graph, report = parse_aif(OVA.read_text(), filename=OVA.name)
    assert len(graph.claims) == 12
    kinds = Counter(a.kind for a in graph.arguments.values())
    assert kinds == {SUPPORT: 9, ATTACK: 4}
    schemes = Counter(a.scheme for a in graph.arguments.values())
    assert schemes["Sign"] == 3 and schemes["Analogy"] == 2 and schemes["Expert Opinion"] == 1
    assert schemes[""] == 4  # "Default Conflict" is no scheme worth keeping
    game = by_text(graph)["It's just a game!"]
    attacked = {
        graph.claims[a.conclusion_id].text
        for a in graph.arguments.values()
        if a.premise_ids == [game.id]
    }
    assert len(attacked) == 3
    assert report == []


@pytest.mark.parametrize("path", [AIFDB, OVA], ids=lambda p: p.name)
def test_round_trip_keeps_every_i_node_and_the_ra_ca_structure(path):
    original = path.read_text()
    graph, _ = parse_aif(original, filename=path.name)
    written = write_aif(graph)
    texts, arguments, edges = aif_structure(original)
    assert aif_structure(written) == (texts, arguments, edges)
    again, _ = parse_aif(written, filename="again.json")
    assert sorted(c.text for c in again.claims.values()) == sorted(
        c.text for c in graph.claims.values()
    )
    assert {c.text: c.speaker for c in again.claims.values()} == {
        c.text: c.speaker for c in graph.claims.values()
    }
    assert {c.text: c.created for c in again.claims.values()} == {
        c.text: c.created for c in graph.claims.values()
    }


# --- what the real files lack: co-premises, undercuts, preferences, participants ------------


SYNTHETIC = nodeset(
    [
        (1, "I", "Phones should be banned in class"),
        (2, "I", "Phones distract pupils"),
        (3, "I", "Distraction lowers marks"),
        (4, "I", "Pupils use phones to look things up"),
        (5, "I", "Looking things up is rarely what they do"),
        (6, "I", "Teachers see what pupils do"),
        (7, "I", "A survey of 200 teachers says so"),
        (10, "RA", "Default Inference"),
        (11, "CA", "Default Conflict"),
        (12, "CA", "Default Conflict"),
        (13, "CA", "Default Conflict"),
        (14, "PA", "Default Preference"),
        (15, "MA", "Default Rephrase"),
        (16, "L", "Ana Lopez : Phones distract pupils"),
        (17, "YA", "Asserting"),
        (18, "TA", "Default Transition"),
    ],
    [
        (2, 10),
        (3, 10),
        (10, 1),  # co-premises
        (4, 11),
        (11, 1),  # a rebuttal
        (5, 12),
        (12, 11),  # an undercut of the rebuttal
        (6, 13),
        (13, 12),  # an undercut of the undercut
        (7, 14),
        (14, 2),  # a preference
        (3, 15),
        (15, 2),  # a rephrase
        (16, 17),
        (17, 2),  # the locution asserting claim 2
    ],
    locutions=[{"nodeID": 16, "personID": 7, "start": "2024-03-01 10:15:00"}],
    participants=[{"participantID": 7, "firstname": "Ana", "surname": "Lopez"}],
)


def test_synthetic_co_premises_undercuts_preferences_and_locutions():
    graph, report = parse_aif(SYNTHETIC, filename="synthetic.json")
    claims = by_text(graph)
    support = next(a for a in graph.arguments.values() if a.kind == SUPPORT)
    assert [graph.claims[p].text for p in support.premise_ids] == [
        "Phones distract pupils",
        "Distraction lowers marks",
    ]
    rebuttal = next(
        a
        for a in graph.arguments.values()
        if a.conclusion_id == claims["Phones should be banned in class"].id and a.kind == ATTACK
    )
    undercut = next(a for a in graph.arguments.values() if a.target_id == rebuttal.id)
    second = next(a for a in graph.arguments.values() if a.target_id == undercut.id)
    assert graph.claims[undercut.premise_ids[0]].text == "Looking things up is rarely what they do"
    assert graph.claims[second.premise_ids[0]].text == "Teachers see what pupils do"
    assert claims["Phones distract pupils"].speaker == "Ana Lopez"
    assert claims["Phones distract pupils"].created == datetime(2024, 3, 1, 10, 15, tzinfo=UTC)
    bodies = sorted(n.body for n in graph.notes)
    assert bodies == [
        "Default Preference: “A survey of 200 teachers says so” is preferred to this",
        "Default Rephrase: “Distraction lowers marks” rephrases this",
    ]
    assert {n.target_id for n in graph.notes} == {claims["Phones distract pupils"].id}
    assert "1 preference (PA) kept as notes" in report and "1 rephrase (MA) kept as notes" in report
    assert "1 transition (TA) between locutions not kept" in report


def test_synthetic_round_trip_keeps_undercut_chains():
    graph, _ = parse_aif(SYNTHETIC, filename="synthetic.json")
    written = write_aif(graph)
    texts, arguments, edges = aif_structure(SYNTHETIC)
    assert aif_structure(written) == (texts, arguments, edges)
    data = json.loads(written)
    assert set(data) == {"nodes", "edges", "locutions", "participants", "schemefulfillments"}
    ids = {n["nodeID"] for n in data["nodes"]}
    assert all(isinstance(i, str) for i in ids)
    assert all(e["fromID"] in ids and e["toID"] in ids for e in data["edges"])
    assert data["participants"] == [{"participantID": "1", "firstname": "Ana", "surname": "Lopez"}]
    assert {f["schemeID"] for f in data["schemefulfillments"]} == {"71", "72", "74"}


def test_dangling_argument_nodes_are_reported_not_imported():
    text = nodeset([(1, "I", "A"), (2, "RA", "Default Inference"), (3, "CA", "x")], [(1, 2)])
    graph, report = parse_aif(text, filename="d.json")
    assert len(graph.claims) == 1 and not graph.arguments
    assert "1 RA node without a premise or a conclusion not kept" in report
    assert "1 CA node without a premise or a target not kept" in report


# --- refusals: each names the node or edge -----------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('{"nodes": [', "line 1: this is not JSON"),
        ("[1, 2]", 'expected an AIF nodeset: a JSON object with a "nodes" list'),
        ('{"nodes": [{"nodeID": 1, "text": "x"}]}', 'node 1: expected a "type"'),
        ('{"nodes": [{"nodeID": null, "type": "I", "text": "x"}]}', "nodes[0]: expected a node ID"),
        (nodeset([(1, "I", "a"), (1, "I", "b")], []), "node 1: the ID is used twice"),
        (nodeset([("n1", "I", "  ")], []), "node n1 (I): an I-node needs a text"),
        (nodeset([(1, "I", "a")], [(1, 99)]), "edge 0: node 99 is not in the nodeset"),
        (
            nodeset([(1, "I", "a"), (2, "RA", "x")], [(1, 2), (2, 1)]),
            "node 2 (RA): I-node 1 is both a premise and its conclusion",
        ),
        (
            nodeset(
                [(1, "I", "a"), (2, "I", "b"), (3, "CA", "x"), (4, "CA", "y")],
                [(1, 3), (3, 4), (2, 4), (4, 3)],
            ),
            "its undercuts attack each other in a circle",
        ),
        ('{"nodes": [], "edges": {}}', '"edges" must be a list'),
    ],
)
def test_malformed_nodesets_are_refused_naming_the_node(text, expected):
    with pytest.raises(DocumentError) as caught:
        parse_aif(text, filename="bad.json")
    assert expected in str(caught.value)
    assert str(caught.value).startswith("bad.json")
