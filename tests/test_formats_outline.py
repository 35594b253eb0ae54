"""The Markdown outline: nesting, co-premises, undercuts, notes, cycles and very deep maps."""

from __future__ import annotations

from argmap.formats.maps import write_map
from argmap.formats.outline import write_outline
from argmap.graph import ATTACK, SUPPORT, ArgumentGraph, ArgumentNode, ClaimNode, GraphNote


def graph_of(texts: list[str], arguments: list[ArgumentNode], **extra) -> ArgumentGraph:
    claims = {i: ClaimNode(i, t) for i, t in enumerate(texts, start=1)}
    return ArgumentGraph(claims=claims, arguments={a.id: a for a in arguments}, **extra)


def test_reasons_objections_co_premises_undercuts_and_notes():
    graph = graph_of(
        [
            "Schools should ban phones.",
            "Phones distract pupils.",
            "Pupils can be taught to put them away.",
            "Bullying happens on phones.",
            "Schools must protect pupils.",
            "Bans move bullying elsewhere.",
        ],
        [
            ArgumentNode(1, SUPPORT, [2], conclusion_id=1),
            ArgumentNode(2, ATTACK, [3], conclusion_id=2),
            ArgumentNode(3, SUPPORT, [4, 5], conclusion_id=1),
            ArgumentNode(4, ATTACK, [6], target_id=3),
        ],
        title="Should schools ban phones?",
        notes=[GraphNote("claim", 2, "Seen in three studies.", kind="evidence")],
    )
    graph.claims[1].speaker = "Coach"
    graph.claims[1].tags = ["policy"]
    assert write_outline(graph) == (
        "# Should schools ban phones?\n"
        "\n"
        "- Schools should ban phones. — *Coach* `#policy`\n"
        "  - **Reason:** Phones distract pupils.\n"
        "    - *Evidence:* Seen in three studies.\n"
        "    - **Objection:** Pupils can be taught to put them away.\n"
        "  - **Reason** (together):\n"
        "    - Bullying happens on phones.\n"
        "    - Schools must protect pupils.\n"
        "    - **Undercut:** Bans move bullying elsewhere.\n"
    )
    assert write_map(graph, format="markdown") == write_outline(graph)


def test_cycles_are_written_once_and_marked():
    graph = graph_of(
        ["A", "B", "C"],
        [
            ArgumentNode(1, SUPPORT, [2], conclusion_id=1),
            ArgumentNode(2, SUPPORT, [3], conclusion_id=2),
            ArgumentNode(3, ATTACK, [1], conclusion_id=3),  # back to the top
        ],
    )
    lines = write_outline(graph).splitlines()
    assert lines[2:] == [
        "- A",
        "  - **Reason:** B",
        "    - **Reason:** C",
        "      - **Objection:** A *(see above)*",
    ]


def test_a_chain_ten_thousand_claims_deep_does_not_recurse():
    count = 10_000
    graph = graph_of(
        [f"Claim {i}" for i in range(1, count + 1)],
        [ArgumentNode(i, SUPPORT, [i + 1], conclusion_id=i) for i in range(1, count)],
    )
    text = write_outline(graph)
    assert text.count("\n") == count + 2
    assert text.rstrip().endswith(f"**Reason:** Claim {count}")
