"""Argdown: Argdown's own examples, round trips both ways, and refusals that name the line."""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from argmap.formats.argdown import parse_argdown, write_argdown
from argmap.formats.document import DocumentError
from argmap.graph import ATTACK, SUPPORT, ArgumentGraph, ArgumentNode, ClaimNode, GraphNote

MAPS = Path(__file__).resolve().parent / "maps"
PRIMER = MAPS / "argdown-primer.argdown"
SOFTDRUGS = MAPS / "argdown-legalisation-softdrugs.argdown"
SEMMELWEIS = MAPS / "argdown-semmelweis-betz.argdown"


def parse(text: str) -> ArgumentGraph:
    return parse_argdown(text, filename="test.argdown")[0]


def relations(graph: ArgumentGraph) -> Counter[Any]:
    """Every argument as (kind, premise texts, conclusion text or the undercut argument's)."""

    def signature(argument: ArgumentNode, depth: int = 0) -> Any:
        premises = tuple(sorted(graph.claims[p].text for p in argument.premise_ids))
        if argument.conclusion_id is not None:
            end: Any = graph.claims[argument.conclusion_id].text
        else:
            end = signature(graph.arguments[argument.target_id], depth + 1) if depth < 10 else "…"
        return (argument.kind, premises, end, argument.scheme)

    return Counter(signature(a) for a in graph.arguments.values())


def statements(graph: ArgumentGraph) -> Counter[Any]:
    return Counter((c.text, tuple(sorted(c.tags))) for c in graph.claims.values())


def by_text(graph: ArgumentGraph, start: str) -> ClaimNode:
    return next(c for c in graph.claims.values() if c.text.startswith(start))


# --- Argdown's own examples ----------------------------------------------------------------


def test_softdrugs_tree_with_undercuts():
    graph, report = parse_argdown(SOFTDRUGS.read_text(), filename=SOFTDRUGS.name)
    assert graph.title == "Pros and Cons Legalisation of Soft Drugs"
    assert len(graph.claims) == 18 and len(graph.arguments) == 19
    legal = by_text(graph, "Soft drugs should be legal.")
    reasons = graph.arguments_for_claim[legal.id]
    assert Counter(a.kind for a in reasons) == {SUPPORT: 5, ATTACK: 4}
    analogy = next(
        a for a in reasons if graph.claims[a.premise_ids[0]].text.startswith("The law is currently")
    )
    addiction = next(
        a
        for a in reasons
        if graph.claims[a.premise_ids[0]].text.startswith("We should be concerned")
    )
    poor = graph.undercuts_of[analogy.id][0]
    assert graph.claims[poor.premise_ids[0]].text.startswith("In any case, the fact that harmful")
    assert graph.claims[graph.undercuts_of[addiction.id][0].premise_ids[0]].text.startswith(
        "Soft drugs are not physically"
    )
    harmful = by_text(graph, "Soft drugs are harmful")
    assert harmful.tags == ["con"]
    # "-> <No harm, no ban>" below it: an attack from it on that argument's description
    assert any(
        a.kind == ATTACK
        and a.premise_ids == [harmful.id]
        and graph.claims[a.conclusion_id].text.startswith("The role of legislation")
        for a in graph.arguments.values()
    )
    assert "'victcimless crime'" in by_text(graph, "The role of legislation").text  # "--" is text
    assert not any("undercuts the" in c.text for c in graph.claims.values())  # // comment
    assert report == [
        "18 statement and argument titles not kept (argmap writes new titles on export)"
    ]


def test_semmelweis_reconstructions_are_co_premises():
    graph, report = parse_argdown(SEMMELWEIS.read_text(), filename=SEMMELWEIS.name)
    assert graph.title.startswith("A Stylized Reconstruction of the Scientific Debate That led")
    assert len(graph.claims) == 32
    supports = [a for a in graph.arguments.values() if a.kind == SUPPORT]
    assert len(supports) == 10 and all(len(a.premise_ids) >= 2 for a in supports)
    students = next(
        a
        for a in supports
        if len(a.premise_ids) == 4
        and graph.claims[a.premise_ids[0]].text.startswith(
            "The outbreak of childbed fever is controlled by injuries"
        )
    )
    assert graph.claims[students.conclusion_id].text.startswith("By default, more women")
    # "- [Examination Injuries Insignificant]" under premise (4) attacks that premise
    insignificant = by_text(graph, "Difference in examination doesn't entail")
    attack = next(a for a in graph.arguments.values() if a.premise_ids == [insignificant.id])
    assert attack.kind == ATTACK and attack.conclusion_id == students.premise_ids[3]
    # "><" is a contradiction: two attacks
    more = by_text(graph, "Due to their inexperience")
    fewer = by_text(graph, "Medical students don't cause more")
    assert {
        (a.premise_ids[0], a.conclusion_id)
        for a in graph.arguments.values()
        if a.kind == ATTACK and {a.premise_ids[0], a.conclusion_id} == {more.id, fewer.id}
    } == {(more.id, fewer.id), (fewer.id, more.id)}
    # headings are groups unless {isGroup: false}; a heading runs over several lines
    assert (
        "Three Rival Hypotheses"
        in by_text(graph, "The outbreak of childbed fever is controlled by epidemic").tags
    )
    assert "Evidence" in by_text(graph, "By default, more women").tags
    assert not any("Inferential" in t for c in graph.claims.values() for t in c.tags)
    assert len(graph.notes) == 10 and all(n.target == "argument" for n in graph.notes)
    assert "1 contradiction (><) kept as two attacks" in report
    assert "2 headings kept as tags on the claims under them" in report


def test_primer_inference_rule_second_text_comments_and_untitled_paragraphs():
    graph, report = parse_argdown(PRIMER.read_text(), filename=PRIMER.name)
    step = next(a for a in graph.arguments.values() if len(a.premise_ids) == 2)
    assert step.scheme == "Some inference rule (Some additional info: 1,2)"
    assert graph.claims[step.conclusion_id].text == "And now the conclusion"
    statement2 = by_text(graph, "Let's do that now")
    assert statement2.text == "Let's do that now: The previous statement was @[Statement 1]."
    assert not any(
        "multiline comment" in c.text or "sketched" in c.text for c in graph.claims.values()
    )
    assert by_text(graph, "Another statement").tags == ["Another tag", "Argdown Basics"]
    assert by_text(graph, "Writing a pro & contra list").text.startswith(
        "Writing a pro & contra list in Argdown"
    )
    assert "1 statement given a second, different text: the first kept" in report
    assert "8 untitled statements that relate to nothing dropped" in report


@pytest.mark.parametrize("path", [PRIMER, SOFTDRUGS, SEMMELWEIS], ids=lambda p: p.name)
def test_argdown_round_trip_keeps_statements_and_relations(path):
    first = parse(path.read_text())
    written = write_argdown(first)
    second = parse(written)
    assert statements(second) == statements(first)
    assert relations(second) == relations(first)
    assert sorted(n.body for n in second.notes) == sorted(n.body for n in first.notes)
    assert second.title == first.title or not first.title


# --- argmap to Argdown and back ------------------------------------------------------------


def hand_built() -> ArgumentGraph:
    texts = [
        "Schools should ban phones",
        "Phones distract pupils",
        "Distraction lowers marks",
        "Pupils need phones for emergencies",
        "Schools have phones at the office",
        "Office phones are often busy",
        "Text with [brackets], <angles>, #hash, *stars*, _under_score_, a\\backslash, {braces} and // slashes @here",
    ]
    claims = {i: ClaimNode(i, t) for i, t in enumerate(texts, start=1)}
    claims[1].tags = ["policy", "two words"]
    arguments = {
        10: ArgumentNode(10, SUPPORT, [2, 3], conclusion_id=1, scheme="Practical reasoning"),
        11: ArgumentNode(11, ATTACK, [4], conclusion_id=1),
        12: ArgumentNode(12, ATTACK, [5, 7], target_id=11),  # an undercut with co-premises
        13: ArgumentNode(13, ATTACK, [6], target_id=12),  # an undercut of the undercut
        14: ArgumentNode(14, ATTACK, [2, 6], conclusion_id=4),  # an attack with co-premises
        15: ArgumentNode(15, SUPPORT, [7], conclusion_id=3),
    }
    notes = [GraphNote("argument", 10, "The classic case for a ban.")]
    return ArgumentGraph(title="Phones", claims=claims, arguments=arguments, notes=notes)


def test_graph_to_argdown_and_back_keeps_every_claim_argument_and_undercut():
    graph = hand_built()
    written = write_argdown(graph)
    assert "[Schools should ban phones]: Schools should ban phones #policy #(two words)" in written
    assert "-- Practical reasoning --" in written
    assert "<Reason 10>: The classic case for a ban." in written
    again = parse(written)
    assert again.title == "Phones"
    assert statements(again) == statements(graph)
    assert relations(again) == relations(graph)
    assert [n.body for n in again.notes] == ["The classic case for a ban."]


def test_loose_relations_outgoing_undercut_and_premises_without_conclusion():
    graph = parse(
        """[A]: Alpha.
  +> [B]: Beta.
  _> <Inference>
<Inference>: Gamma leads to delta.
  <- [E]: Epsilon.

<Pair>

(1) [P]: Pi.
(2) [Q]: Qu.

[A]
  - <Pair>
"""
    )
    claims = {c.text: c.id for c in graph.claims.values()}
    found = relations(graph)
    assert found[(SUPPORT, ("Alpha.",), "Beta.", "")] == 1
    assert found[(ATTACK, ("Pi.", "Qu."), "Alpha.", "")] == 1  # premises alone: co-premises
    assert found[(ATTACK, ("Epsilon.",), "Gamma leads to delta.", "")] == 1
    # "_>" to an argument without inference: an attack on its description, reported
    assert found[(ATTACK, ("Alpha.",), "Gamma leads to delta.", "")] == 1
    assert set(claims) == {"Alpha.", "Beta.", "Gamma leads to delta.", "Epsilon.", "Pi.", "Qu."}


def test_multi_step_reconstruction_chains_its_conclusions():
    graph = parse(
        "<A>\n\n(1) One\n(2) Two\n----\n(3) Three\n(4) Four\n-- Modus ponens --\n(5) Five\n"
    )
    found = relations(graph)
    assert found == Counter(
        {
            (SUPPORT, ("One", "Two"), "Three", ""): 1,
            (SUPPORT, ("Four", "Three"), "Five", "Modus ponens"): 1,
        }
    )


# --- refusals name the line ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "line", "expected"),
    [
        ("===\ntitle: x\n\n[A]: a\n", 1, "front matter opened here with === is never closed"),
        ("===\ntitle: [unclosed\n===\n[A]: a\n", 2, "front matter is not valid YAML"),
        ("[A]: a\n\n/* never\nclosed\n", 3, "comment opened here with /* is never closed"),
        ("+ [A]: a\n", 1, "the relation + has no statement or argument above it"),
        (
            "<A>\n\n(1) a\n-- rule --\n-- again --\n(2) b\n",
            5,
            "an inference line (----) needs premises above it",
        ),
        ("<A>\n\n(1) a\n----\n(2) b\n(3) c\n", 6, "exactly one conclusion must follow"),
        ("[A]: a\n  + [A]\n", 2, "“a” cannot support itself"),
        ("[]: nothing\n", 1, "the title in [ ] is empty"),
        (
            "<A>\n\n(1) a\n--\nrule without end\n",
            4,
            "the inference rule opened here is never closed",
        ),
        ("<X>: x\n  <_ <Y>: y\n\n<Y>\n  <_ <X>\n", 2, "undercuts attack each other in a circle"),
    ],
)
def test_malformed_argdown_is_refused_naming_the_line(text, line, expected):
    with pytest.raises(DocumentError) as caught:
        parse_argdown(text, filename="bad.argdown")
    assert caught.value.line == line
    assert expected in caught.value.message
    assert str(caught.value).startswith(f"bad.argdown, line {line}: ")
