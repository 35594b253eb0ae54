"""From a map to grounded labels: the seed map's worked example, known instances, leaf statuses,
explanations, and random maps checked against a direct reading of the rules."""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from argmap.evaluation import Status, evaluate_grounded, leaf_claim_ids
from argmap.evaluation.framework import build_framework
from argmap.formats import parse_document
from argmap.formats.seed_manifest import build_seed_graph, load_manifest
from argmap.graph import ATTACK, SUPPORT, ArgumentGraph, ArgumentNode, ClaimNode

SEEDS = Path(__file__).resolve().parent.parent / "seeds"


class Map:
    """A tiny map builder: claims named by letters, arguments numbered in order."""

    def __init__(self, claims: str) -> None:
        self.graph = ArgumentGraph()
        self.ids = {name: i for i, name in enumerate(claims, start=1)}
        for name, i in self.ids.items():
            self.graph.claims[i] = ClaimNode(id=i, text=f"Claim {name}")

    def _add(self, kind: str, premises: str, conclusion: str | None, target: int | None) -> int:
        aid = len(self.graph.arguments) + 1
        self.graph.arguments[aid] = ArgumentNode(
            id=aid,
            kind=kind,
            premise_ids=[self.ids[p] for p in premises],
            conclusion_id=self.ids[conclusion] if conclusion else None,
            target_id=target,
        )
        return aid

    def support(self, premises: str, conclusion: str) -> int:
        return self._add(SUPPORT, premises, conclusion, None)

    def attack(self, premises: str, conclusion: str) -> int:
        return self._add(ATTACK, premises, conclusion, None)

    def undercut(self, premises: str, target: int) -> int:
        return self._add(ATTACK, premises, None, target)

    def labels(self, statuses: dict[str, Status] | None = None) -> str:
        """One letter per claim, in order: I, O or U."""
        labelling = evaluate_grounded(
            self.graph, {self.ids[k]: v for k, v in (statuses or {}).items()}
        )
        return "".join(labelling.claims[i][0] for i in self.ids.values())

    def explain(self, claim: str, statuses: dict[str, Status] | None = None) -> str:
        labelling = evaluate_grounded(
            self.graph, {self.ids[k]: v for k, v in (statuses or {}).items()}
        )
        return labelling.explain(self.ids[claim])


@pytest.fixture(scope="module")
def seed() -> tuple[ArgumentGraph, dict[str, int]]:
    manifest = load_manifest((SEEDS / "manifest.toml").read_text())
    documents = {
        d.slug: parse_document((SEEDS / d.file).read_bytes(), kind=d.kind, filename=d.file)
        for d in manifest.documents
    }
    graph = build_seed_graph(manifest, documents)
    return graph, dict(zip(manifest.claims, graph.claims, strict=True))  # manifest key → claim id


def test_seed_framework_has_the_documented_size(seed: tuple[ArgumentGraph, dict[str, int]]) -> None:
    graph, _ = seed
    framework = build_framework(graph)
    assert (len(framework.nodes), len(list(framework.attacks()))) == (59, 69)


def test_seed_with_every_leaf_accepted(seed: tuple[ArgumentGraph, dict[str, int]]) -> None:
    graph, names = seed
    labelling = evaluate_grounded(graph)
    assert [n for n, i in names.items() if labelling.claims[i] != "IN"] == ["decision"]
    assert labelling.claims[names["decision"]] == "OUT"
    rebuttals_and_undercuts = [a.id for a in graph.arguments.values() if a.kind == ATTACK]
    assert {a for a, label in labelling.arguments.items() if label == "IN"} == set(
        rebuttals_and_undercuts
    )
    assert labelling.explain(names["decision"]).startswith(
        "OUT: attacked by “The United States must vote no on this…”, “First, despite intense debate, there is…” and 2 more, which stand."
    )
    assert labelling.explain(names["pp5"]) == "IN: accepted, and nothing attacks it."


def test_seed_with_the_us_rebuttals_rejected(seed: tuple[ArgumentGraph, dict[str, int]]) -> None:
    graph, names = seed
    us = ["us-position", "us-reason-1", "us-reason-2", "us-reason-3"]
    labelling = evaluate_grounded(graph, {names[n]: "rejected" for n in us})
    assert labelling.claims[names["decision"]] == "IN"
    assert [n for n, i in names.items() if labelling.claims[i] == "OUT"] == us
    out = [a for a, label in labelling.arguments.items() if label == "OUT"]
    cooperation = next(a.id for a in graph.arguments.values() if a.premise_ids == [names["pp5"]])
    assert cooperation in out and len(out) == 1 + 4 + 2  # the reason, the rebuttals, two undercuts
    assert labelling.explain(names["decision"]).startswith(
        "IN: supported by “Noting that information and…” (with 2 co-premises), "
    )
    assert labelling.explain(names["us-reason-2"]) == "OUT: rejected."


def test_seed_with_one_rebuttal_left_open(seed: tuple[ArgumentGraph, dict[str, int]]) -> None:
    graph, names = seed
    statuses: dict[int, Status] = {
        names[n]: "rejected" for n in ["us-position", "us-reason-1", "us-reason-3"]
    }
    statuses[names["us-reason-2"]] = "open"
    labelling = evaluate_grounded(graph, statuses)
    assert labelling.claims[names["decision"]] == "UNDEC"
    # nine reasons, the rebuttal and the undercut that rest on us-reason-2
    assert list(labelling.arguments.values()).count("UNDEC") == 9 + 1 + 1
    assert labelling.explain(names["decision"]) == (
        "UNDEC: depends on “Second, this resolution is not based on…”, which is left open."
    )
    assert labelling.explain(names["us-reason-2"]) == "UNDEC: left open."


def test_leaf_statuses() -> None:
    m = Map("abc")
    m.support("b", "a")
    m.attack("c", "b")
    assert leaf_claim_ids(m.graph) == {2, 3}
    assert m.labels() == "OOI"
    assert m.labels({"c": "rejected"}) == "IIO"
    assert m.labels({"c": "open"}) == "UUU"
    assert m.labels({"b": "open", "c": "rejected"}) == "UUO"
    assert m.labels({"b": "rejected", "c": "rejected"}) == "OOO"
    assert m.labels({"b": "open"}) == "OOI"  # an open claim that a standing attack defeats is OUT
    assert m.labels({"a": "rejected"}) == m.labels()  # a is no leaf: its status comes from b
    assert evaluate_grounded(m.graph, {99: "rejected"}).claims == evaluate_grounded(m.graph).claims
    with pytest.raises(ValueError, match="status must be one of"):
        evaluate_grounded(m.graph, {2: "maybe"})  # type: ignore[dict-item]


def test_co_premises_are_all_needed() -> None:
    m = Map("abc")
    m.support("bc", "a")
    assert m.labels() == "III"
    assert m.labels({"c": "rejected"}) == "OIO"
    assert m.explain("a", {"c": "rejected"}) == (
        "OUT: its reason “Claim b” (with 1 co-premise) rests on “Claim c”, which does not stand."
    )
    assert m.labels({"c": "open"}) == "UIU"


def test_a_second_reason_survives_the_fall_of_the_first() -> None:
    m = Map("abcd")
    m.support("b", "a")
    m.support("c", "a")
    m.attack("d", "b")
    assert m.labels() == "IOII"
    assert m.explain("a") == "IN: supported by “Claim c”, and nothing attacks it."


def test_an_attack_on_a_claim_defeats_what_uses_it() -> None:
    m = Map("abcde")
    m.support("b", "a")
    m.support("c", "b")
    m.attack("d", "c")  # undermines b's reason, and a's through b
    m.attack("e", "a")
    assert m.labels({"e": "rejected"}) == "OOOIO"
    assert m.explain("a", {"e": "rejected"}) == "OUT: its reason “Claim b” does not stand."
    labelling = evaluate_grounded(m.graph, {m.ids["e"]: "rejected"})
    assert labelling.arguments == {1: "OUT", 2: "OUT", 3: "IN", 4: "OUT"}


def test_rebuttal_defeats_every_reason_for_the_claim() -> None:
    m = Map("abcd")
    m.support("b", "a")
    m.support("c", "a")
    m.attack("d", "a")
    labelling = evaluate_grounded(m.graph)
    assert labelling.claims[1] == "OUT"
    assert labelling.arguments == {1: "OUT", 2: "OUT", 3: "IN"}
    assert labelling.explain(1) == "OUT: attacked by “Claim d”, which stands."
    assert m.explain("a", {"d": "rejected"}) == (
        "IN: supported by “Claim b” and “Claim c”, and every attack on it fails."
    )


def test_even_cycle_of_rebuttals() -> None:
    m = Map("ab")
    m.attack("a", "b")
    m.attack("b", "a")
    assert m.labels() == "UU"
    assert m.explain("a") == "UNDEC: caught in a cycle of attacks with “Claim b”."
    assert m.labels({"b": "rejected"}) == "IO"


def test_odd_cycle_of_rebuttals() -> None:
    m = Map("abcd")
    m.attack("a", "b")
    m.attack("b", "c")
    m.attack("c", "a")
    m.support("a", "d")
    assert m.labels() == "UUUU"
    assert m.explain("a") == "UNDEC: caught in a cycle of attacks with “Claim c” and “Claim b”."
    assert m.explain("d") == (
        "UNDEC: depends on a cycle of attacks among “Claim a”, “Claim c” and “Claim b”."
    )


def test_self_attack() -> None:
    m = Map("ab")
    m.attack("a", "a")
    m.support("a", "b")
    assert m.labels() == "UU"
    assert m.explain("a") == "UNDEC: it attacks itself."


def test_circle_of_reasons_is_undecided_unless_something_else_supports_it() -> None:
    m = Map("abc")
    m.support("b", "a")
    m.support("a", "b")
    assert m.labels() == "UUI"
    assert m.explain("a") == "UNDEC: caught in a cycle of reasons with “Claim b”."
    m.support("c", "a")
    assert m.labels() == "III"


@pytest.mark.parametrize("length", [1, 2, 3, 4, 7, 8])
def test_undercut_chains_alternate(length: int) -> None:
    m = Map("ab" + "uvwxyzst"[:length])
    target = m.support("b", "a")
    for name in "uvwxyzst"[:length]:
        target = m.undercut(name, target)
    assert m.labels()[0] == ("I" if length % 2 == 0 else "O")
    if length == 1:
        assert m.explain("a") == "OUT: its reason “Claim b” is undercut by “Claim u”, which stands."


def test_cycle_through_an_undercut() -> None:
    m = Map("abc")
    reason = m.support("b", "a")
    m.undercut("c", reason)
    m.attack("a", "c")  # a stands only if c falls, c falls only if a stands: an odd cycle
    assert m.labels() == "UIU"
    assert m.explain("a") == "UNDEC: caught in a cycle of attacks with “Claim c”."
    assert m.labels({"c": "rejected"}) == "IIO"


def test_long_paths_without_recursion() -> None:
    n = 10_000
    names = [chr(0x4E00 + i) for i in range(n)]  # one character per claim
    m = Map("".join(names))
    for upper, lower in itertools.pairwise(names):
        m.support(lower, upper)
    assert set(m.labels()) == {"I"}
    assert set(m.labels({names[-1]: "rejected"})) == {"O"}
    assert m.explain(names[0], {names[-1]: "open"}).startswith("UNDEC: depends on")

    m = Map("".join(names))
    for upper, lower in itertools.pairwise(names):
        m.attack(lower, upper)
    assert m.labels() == "OI" * (n // 2)  # the last claim is unattacked
    assert m.labels({names[-1]: "open"}) == "U" * n


@st.composite
def maps(draw: st.DrawFn) -> tuple[ArgumentGraph, dict[int, Status]]:
    """Random maps, cycles allowed, with random leaf statuses."""
    n = draw(st.integers(1, 7))
    graph = ArgumentGraph(claims={i: ClaimNode(id=i, text=f"c{i}") for i in range(1, n + 1)})
    claim = st.integers(1, n)
    for aid in range(1, draw(st.integers(0, 2 * n)) + 1):
        premises = draw(st.lists(claim, min_size=1, max_size=3, unique=True))
        if aid > 1 and draw(st.booleans()) and draw(st.booleans()):
            target = draw(st.integers(1, aid - 1))
            graph.arguments[aid] = ArgumentNode(aid, ATTACK, premises, target_id=target)
        else:
            kind = draw(st.sampled_from([SUPPORT, ATTACK]))
            graph.arguments[aid] = ArgumentNode(aid, kind, premises, conclusion_id=draw(claim))
    statuses = draw(st.dictionaries(claim, st.sampled_from(["accepted", "rejected", "open"])))
    return graph, statuses


def by_the_rules(
    graph: ArgumentGraph, statuses: dict[int, Status]
) -> tuple[dict[int, str], dict[int, str]]:
    """The least labelling satisfying the map's rules, read directly off the map: start with all
    UNDEC and decide IN or OUT wherever the rules allow, until nothing changes."""
    claims = dict.fromkeys(graph.claims, "UNDEC")
    arguments = dict.fromkeys(graph.arguments, "UNDEC")
    reasons = {
        c: [a for a in graph.arguments_for_claim.get(c, []) if a.kind == SUPPORT] for c in claims
    }
    rebuttals = {
        c: [a for a in graph.arguments_for_claim.get(c, []) if a.kind == ATTACK] for c in claims
    }

    def conj(values: list[str]) -> str:  # Kleene "and"
        return "OUT" if "OUT" in values else "UNDEC" if "UNDEC" in values else "IN"

    def disj(values: list[str]) -> str:  # Kleene "or"
        return "IN" if "IN" in values else "UNDEC" if "UNDEC" in values else "OUT"

    def neg(value: str) -> str:
        return {"IN": "OUT", "OUT": "IN", "UNDEC": "UNDEC"}[value]

    changed = True
    while changed:
        changed = False
        for a in graph.arguments.values():
            parts = [claims[p] for p in a.premise_ids]
            parts += [neg(arguments[u.id]) for u in graph.undercuts_of.get(a.id, [])]
            if a.kind == SUPPORT and a.target_id is None and a.conclusion_id is not None:
                parts += [neg(arguments[r.id]) for r in rebuttals[a.conclusion_id]]
            if arguments[a.id] == "UNDEC" and conj(parts) != "UNDEC":
                arguments[a.id], changed = conj(parts), True
        for c in claims:
            if reasons[c]:
                value = disj([arguments[a.id] for a in reasons[c]])
            else:
                status = statuses.get(c, "accepted")
                given = {"accepted": "IN", "rejected": "OUT", "open": "UNDEC"}[status]
                value = conj([given] + [neg(arguments[r.id]) for r in rebuttals[c]])
            if claims[c] == "UNDEC" and value != "UNDEC":
                claims[c], changed = value, True
    return claims, arguments


@settings(max_examples=1000, deadline=None)
@given(maps())
def test_random_maps_follow_the_rules(case: tuple[ArgumentGraph, dict[int, Status]]) -> None:
    graph, statuses = case
    labelling = evaluate_grounded(graph, statuses)
    assert (labelling.claims, labelling.arguments) == by_the_rules(graph, statuses)
    # an attack on a claim that stands rebuts or undermines every argument concluding or using it
    for attack in graph.arguments.values():
        c = attack.conclusion_id
        if (
            attack.kind == ATTACK
            and attack.target_id is None
            and labelling.arguments[attack.id] == "IN"
        ):
            assert labelling.claims[c] == "OUT"
            for a in graph.arguments.values():
                if c in a.premise_ids or (a.kind == SUPPORT and a.conclusion_id == c):
                    assert labelling.arguments[a.id] == "OUT"
    for claim_id, label in labelling.claims.items():
        assert labelling.explain(claim_id).startswith(label + ": ")
