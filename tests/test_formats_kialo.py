"""Kialo text exports: a real discussion of 512 claims, generated deep ones, round trips, refusals."""

from __future__ import annotations

import random
from collections import Counter
from pathlib import Path

import pytest

from argmap.formats.document import DocumentError
from argmap.formats.kialo import parse_kialo, write_kialo
from argmap.graph import ATTACK, SUPPORT, ArgumentGraph

MAPS = Path(__file__).resolve().parent / "maps"
HATE_SPEECH = MAPS / "kialo-should-hate-speech-be-legally-protected-10134.txt"


def kialo_export(claims: int, *, depth: int = 36, links: int = 20, seed: int = 1) -> str:
    """A Kialo-shaped export: one spine ``depth`` levels deep, the rest at random, some links."""
    rng = random.Random(seed)
    lines = ["Discussion Title: A generated discussion", "", "1. The thesis of the discussion"]
    paths, children = ["1"], Counter[str]()
    for i in range(1, claims):
        parent = paths[-1] if i < depth else rng.choice(paths)
        children[parent] += 1
        path = f"{parent}.{children[parent]}"
        side = rng.choice(["Pro", "Con"])
        lines.append(f"{path}. {side}: Claim {i} answering {parent}, with \\(escaped\\) brackets")
        paths.append(path)
    for _ in range(links):
        parent, target = rng.choice(paths), rng.choice(paths)
        if parent != target:
            children[parent] += 1
            lines.append(f"{parent}.{children[parent]}. Con: -> See {target}.")
    return "\n".join(lines) + "\n"


def parse(text: str) -> ArgumentGraph:
    return parse_kialo(text, filename="discussion.txt")[0]


def test_real_discussion_of_several_hundred_claims():
    graph, report = parse_kialo(HATE_SPEECH.read_text(), filename=HATE_SPEECH.name)
    assert graph.title == "Should Hate Speech Be Legally Protected?"
    assert len(graph.claims) == 512
    assert len(graph.arguments) == 511 + 33  # one per claim but the thesis, one per cross-link
    assert graph.claims[1].text == "Hate speech should be legally protected"
    assert all(len(a.premise_ids) == 1 and a.conclusion_id for a in graph.arguments.values())
    texts = {c.text: c.id for c in graph.claims.values()}
    # Kialo's escapes undone
    assert any(t.endswith("should therefore be illegal (which is why it is).") for t in texts)
    # "1.6.4. Con: -> See 1.2.11.2.8." : that claim attacks 1.6 too
    see = next(cid for t, cid in texts.items() if t.startswith("The [common definition]"))
    subjective = texts["Hate speech is too subjective to be defined, and thus protected."]
    assert any(
        a.kind == ATTACK and a.premise_ids == [see] and a.conclusion_id == subjective
        for a in graph.arguments.values()
    )
    assert Counter(a.kind for a in graph.arguments.values()) == {
        SUPPORT: 196,
        ATTACK: 348,
    }  # its Pro: and Con: lines
    assert report == ["33 cross-links (-> See …) kept as arguments from the claim they point to"]


def test_generated_discussion_36_levels_deep_with_cycles():
    text = kialo_export(700, depth=36, links=40)
    graph = parse(text)
    assert len(graph.claims) == 700
    deepest = max(len(line.split(". ")[0].split(".")) for line in text.splitlines()[2:])
    assert deepest >= 36
    outline = graph.outline(max_depth=100)
    assert outline[0].claim.id == 1


def test_round_trip_through_kialo_text():
    for text in (HATE_SPEECH.read_text(), kialo_export(400, links=30, seed=7)):
        first = parse(text)
        second = parse(write_kialo(first))
        assert sorted(c.text for c in second.claims.values()) == sorted(
            c.text for c in first.claims.values()
        )

        def relations(graph: ArgumentGraph) -> Counter[tuple[str, str, str]]:
            return Counter(
                (a.kind, graph.claims[a.premise_ids[0]].text, graph.claims[a.conclusion_id].text)
                for a in graph.arguments.values()
            )

        assert relations(second) == relations(first)


def test_claims_spanning_several_lines():
    graph = parse(
        "Discussion Title: T\n\n1. Thesis\n1.1. Pro: First line\n\nsecond paragraph\n1.2. Con: Other\n"
    )
    assert graph.claims[2].text == "First line\n\nsecond paragraph"
    assert graph.claims[3].text == "Other"


@pytest.mark.parametrize(
    ("text", "line", "expected"),
    [
        (
            "1. Thesis\n1.1. Pro: x\n",
            1,
            "expected a Kialo export starting with “Discussion Title: …”",
        ),
        (
            "Discussion Title: T\n\nSome preface\n1. Thesis\n",
            3,
            "expected the thesis, numbered “1.”",
        ),
        (
            "Discussion Title: T\n\n1. Thesis\n1.3.1. Pro: orphan\n",
            4,
            "claim 1.3.1. comes before (or without) claim 1.3.",
        ),
        (
            "Discussion Title: T\n\n1. Thesis\n1.1. Pro: a\n1.1. Con: b\n",
            5,
            "the number 1.1. is used twice",
        ),
        (
            "Discussion Title: T\n\n1. Thesis\n1.1. Pro: -> See 1.9.\n",
            4,
            "“-> See 1.9.” points to no claim",
        ),
        (
            "Discussion Title: T\n\n1. Thesis\n1.1. Pro: a\n1.1.1. Con: -> See 1.1.\n",
            5,
            "claim 1.1. cannot be a reason for itself",
        ),
        ("Discussion Title: T\n\n1. Thesis\n1.1. Pro: \n", 4, "this claim has no text"),
    ],
)
def test_malformed_exports_are_refused_naming_the_line(text, line, expected):
    with pytest.raises(DocumentError) as caught:
        parse_kialo(text, filename="bad.txt")
    assert caught.value.line == line
    assert expected in caught.value.message
