"""ArgumentGraph walks: central claims, nesting, shared claims and cycles."""

from argmap.graph import ArgumentGraph, ArgumentNode, ClaimNode


def graph(
    claims: list[int], arguments: list[tuple[int, str, list[int], int | None, int | None]]
) -> ArgumentGraph:
    return ArgumentGraph(
        claims={c: ClaimNode(id=c, text=f"claim {c}") for c in claims},
        arguments={
            a: ArgumentNode(
                id=a, kind=kind, premise_ids=premises, conclusion_id=conclusion, target_id=target
            )
            for a, kind, premises, conclusion, target in arguments
        },
    )


def test_central_claims_are_those_that_are_no_premise():
    g = graph([1, 2, 3, 4], [(10, "support", [2, 3], 1, None), (11, "attack", [4], None, 10)])
    assert [c.id for c in g.central_claims()] == [1]
    (root,) = g.outline()
    (reason,) = root.arguments
    assert reason.label == "Reason"
    assert [p.claim.id for p in reason.premises] == [2, 3]
    assert [u.label for u in reason.undercuts] == ["Undercut"]
    assert reason.undercuts[0].premises[0].claim.id == 4


def test_a_claim_reached_twice_is_shown_once_and_then_referenced():
    g = graph([1, 2, 3], [(10, "support", [3], 1, None), (11, "attack", [3], 2, None)])
    first, second = g.outline()
    assert first.arguments[0].premises[0].repeated is False
    assert second.arguments[0].premises[0].repeated is True
    assert second.arguments[0].label == "Objection"


def test_a_map_that_is_all_cycle_still_has_an_entry_and_ends():
    g = graph(
        [1, 2, 3],
        [
            (10, "support", [2], 1, None),
            (11, "support", [3], 2, None),
            (12, "attack", [1], 3, None),
        ],
    )
    (root,) = g.outline()
    assert root.claim.id == 1
    back = root.arguments[0].premises[0].arguments[0].premises[0].arguments[0].premises[0]
    assert back.claim.id == 1 and back.repeated


def test_a_self_attack_and_undercut_cycle_end():
    g = graph(
        [1, 2],
        [
            (10, "attack", [1], 1, None),
            (11, "attack", [2], None, 12),
            (12, "attack", [2], None, 11),
        ],
    )
    roots = g.outline()
    assert {r.claim.id for r in roots} == {1, 2}


def test_a_long_chain_is_collapsed_not_overflowing():
    n = 5_000
    g = graph(list(range(n)), [(10_000 + i, "support", [i + 1], i, None) for i in range(n - 1)])
    (root,) = g.outline(max_depth=40)
    depth, node = 0, root
    while node.arguments:
        node = node.arguments[0].premises[0]
        depth += 1
    assert node.collapsed and depth == 40


def test_a_shared_claim_is_expanded_where_it_is_nearest_the_centre():
    # Claim 4 undercuts the reason (10) deep down and also objects to claim 1 directly.
    g = graph(
        [1, 2, 4, 5],
        [
            (10, "support", [2], 1, None),
            (11, "attack", [4], None, 10),
            (12, "attack", [4], 1, None),
            (13, "support", [5], 4, None),
        ],
    )
    (root,) = g.outline()
    reason, objection = root.arguments
    assert reason.undercuts[0].premises[0].repeated
    home = objection.premises[0]
    assert not home.repeated and home.arguments[0].premises[0].claim.id == 5
