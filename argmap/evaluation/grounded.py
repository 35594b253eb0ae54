"""Dung's grounded labelling of an abstract argumentation framework, in linear time.

The grounded labelling is the least complete labelling (Caminada 2006): an argument is IN when
every attacker is OUT, OUT when some attacker is IN, and UNDEC when neither can be settled from
the unattacked arguments outwards. It is computed by the standard propagation from the
unattacked arguments (as in Modgil & Caminada, "Proof theories and algorithms for abstract
argumentation frameworks", 2009), run with a queue:

1. count, for every argument, the attackers that are not yet OUT;
2. label IN every argument whose count is zero and queue it;
3. for each queued IN argument, label OUT every unlabelled argument it attacks, and for each
   argument those attack, lower the count; a count reaching zero labels that argument IN;
4. when the queue is empty, every argument still unlabelled is UNDEC.

Every argument is queued at most once and every attack is looked at most twice, so the time is
linear in the number of arguments plus attacks; nothing recurses, so cycles and long chains
are safe. Self-attacks and repeated attacks need no special case.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable
from typing import Literal, TypeVar

Label = Literal["IN", "OUT", "UNDEC"]
IN: Label = "IN"
OUT: Label = "OUT"
UNDEC: Label = "UNDEC"

H = TypeVar("H", bound=Hashable)

_UNLABELLED, _IN, _OUT = 0, 1, 2


def grounded_labelling(arguments: Iterable[H], attacks: Iterable[tuple[H, H]]) -> dict[H, Label]:
    """The grounded label of every argument. Attacks must name listed arguments."""
    index: dict[H, int] = {}
    for argument in arguments:
        index.setdefault(argument, len(index))
    targets: list[list[int]] = [[] for _ in index]
    undefeated = [0] * len(index)  # attackers not yet labelled OUT
    for attacker, target in attacks:
        try:
            i, j = index[attacker], index[target]
        except KeyError as error:
            raise ValueError(
                f"the attack {attacker!r} → {target!r} names an unknown argument"
            ) from error
        targets[i].append(j)
        undefeated[j] += 1

    label = [_UNLABELLED] * len(index)
    queue = [i for i, count in enumerate(undefeated) if count == 0]
    for i in queue:
        label[i] = _IN
    for i in queue:  # the list grows while we walk it
        for j in targets[i]:
            if label[j] != _UNLABELLED:
                continue
            label[j] = _OUT
            for k in targets[j]:
                undefeated[k] -= 1
                if undefeated[k] == 0 and label[k] == _UNLABELLED:
                    label[k] = _IN
                    queue.append(k)

    names: tuple[Label, Label, Label] = (UNDEC, IN, OUT)
    return {argument: names[label[i]] for argument, i in index.items()}


def grounded_extension(arguments: Iterable[H], attacks: Iterable[tuple[H, H]]) -> set[H]:
    """The grounded extension: the arguments labelled IN."""
    labels = grounded_labelling(arguments, attacks)
    return {argument for argument, label in labels.items() if label == IN}
