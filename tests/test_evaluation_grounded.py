"""Dung's grounded labelling on abstract frameworks: known instances, and thousands of random
frameworks checked against PyArg (python-argumentation, MIT), used only here."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from py_arg.abstract_argumentation_classes.abstract_argumentation_framework import (
    AbstractArgumentationFramework,
)
from py_arg.abstract_argumentation_classes.argument import Argument
from py_arg.abstract_argumentation_classes.defeat import Defeat
from py_arg.algorithms.semantics.get_grounded_extension import get_grounded_extension

from argmap.evaluation import grounded_extension, grounded_labelling


def labels(arguments: str, attacks: list[str]) -> str:
    """Labels as one letter per argument, e.g. labels("abc", ["ab", "bc"]) == "IOI"."""
    result = grounded_labelling(arguments, [(a[0], a[1]) for a in attacks])
    return "".join(result[a][0] for a in arguments)


def test_unattacked_arguments_are_in() -> None:
    assert labels("ab", []) == "II"


def test_reinstatement_along_a_chain() -> None:
    assert labels("abcd", ["ba", "cb", "dc"]) == "OIOI"


@pytest.mark.parametrize("length", [2, 3, 4, 5])
def test_attack_cycles_odd_and_even_are_undecided(length: int) -> None:
    names = "abcde"[:length]
    cycle = [names[i] + names[(i + 1) % length] for i in range(length)]
    assert labels(names, cycle) == "U" * length


def test_self_attack_is_undecided_and_so_is_what_it_attacks() -> None:
    assert labels("abc", ["aa", "ab", "cb"]) == "UOI"
    assert labels("ab", ["aa", "ab"]) == "UU"


def test_an_unattacked_attacker_breaks_a_cycle() -> None:
    assert labels("abc", ["ab", "ba", "ca"]) == "OII"
    assert labels("abcd", ["ab", "bc", "ca", "da"]) == "OIOI"  # odd cycle broken too


def test_repeated_attacks_change_nothing() -> None:
    assert labels("abc", ["ab", "ab", "bc", "bc"]) == "IOI"


def test_long_chain_without_recursion() -> None:
    n = 100_000
    result = grounded_labelling(range(n), [(i + 1, i) for i in range(n - 1)])
    assert result[n - 1] == "IN"
    assert result[0] == ("IN" if (n - 1) % 2 == 0 else "OUT")
    assert sum(label == "IN" for label in result.values()) == n // 2


def test_an_attack_on_an_unknown_argument_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown argument"):
        grounded_labelling(["a"], [("a", "b")])


def test_extension_is_the_in_arguments() -> None:
    assert grounded_extension("abcd", [("b", "a"), ("c", "b"), ("d", "c")]) == {"b", "d"}
    assert grounded_extension([], []) == set()


frameworks = st.integers(min_value=0, max_value=12).flatmap(
    lambda n: st.tuples(
        st.just(n),
        st.lists(
            st.tuples(st.integers(0, max(n - 1, 0)), st.integers(0, max(n - 1, 0))),
            max_size=3 * n if n else 0,
        ),
    )
)


def pyarg_grounded(n: int, attacks: list[tuple[int, int]]) -> set[int]:
    arguments = [Argument(str(i)) for i in range(n)]
    defeats = [Defeat(arguments[a], arguments[b]) for a, b in set(attacks)]
    framework = AbstractArgumentationFramework("random", arguments, defeats)
    return {int(argument.name) for argument in get_grounded_extension(framework)}


@settings(max_examples=2500, deadline=None)
@given(frameworks)
def test_grounded_extension_equals_pyarg(framework: tuple[int, list[tuple[int, int]]]) -> None:
    n, attacks = framework
    assert grounded_extension(range(n), attacks) == pyarg_grounded(n, attacks)


@settings(max_examples=500, deadline=None)
@given(frameworks)
def test_labelling_is_complete(framework: tuple[int, list[tuple[int, int]]]) -> None:
    """IN exactly when every attacker is OUT; OUT exactly when some attacker is IN."""
    n, attacks = framework
    result = grounded_labelling(range(n), attacks)
    for x in range(n):
        attackers = [result[a] for a, b in attacks if b == x]
        assert (result[x] == "IN") == all(label == "OUT" for label in attackers)
        assert (result[x] == "OUT") == any(label == "IN" for label in attackers)
