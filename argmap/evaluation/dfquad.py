"""How strong each claim is: DF-QuAD gradual semantics on a map.

DF-QuAD (Rago, Toni, Aurisicchio & Baroni, KR 2016) gives every node of a quantitative bipolar
argumentation framework a strength in [0, 1] from its base score v0 and the strengths of its
attackers and supporters:

    F(v1, …, vn) = 1 − (1 − v1)·…·(1 − vn)         (F() = 0)
    σ(x) = c(v0, va, vs), va = F(attackers), vs = F(supporters),
    c(v0, va, vs) = v0 − v0·(va − vs)              if va ≥ vs
                  = v0 + (1 − v0)·(vs − va)        otherwise.

The map as such a framework:

- a *claim* is a node with base score τ(c) (``base_scores``, default 0.5), attacked by the
  attack arguments on it and supported by the support arguments for it;
- an *argument* is a node whose base score is the combined strength of its premises, attacked
  by its undercuts and supported by nothing: σ(a) = v0·(1 − F(undercuts)). A support argument
  supports its conclusion with strength σ(a), an attack argument attacks it with σ(a), an
  undercut attacks its target with σ(a). An argument has no worth of its own: with one premise
  and no undercut it passes the premise's strength on, so a map whose arguments have one
  premise each is exactly the plain framework on its claims.

Co-premises combine by the minimum, v0 = min σ(premise), because (1) linked premises are all
needed, so the argument is as strong as its weakest link (Pollock's weakest-link principle, one
of the orderings of ASPIC+); (2) it is the gradual form of the grounded reading, where an argument stands
only if every premise stands: with IN = 1, UNDEC = ½, OUT = 0 the minimum is that rule exactly;
(3) it does not depend on how finely a reason was cut up: a product would make three premises of
strength 0.5 worth 0.125, so splitting one reason into three paragraphs (as the seed map does
for crime-is-rising) would weaken it fourfold for no reason. An argument with no premises has
v0 = 1.

Leaf statuses (accepted, rejected, open) belong to the grounded evaluation and do not enter here;
a caller may express them as base scores.

Order of evaluation and cycles
------------------------------
Nodes are grouped into strongly connected components of the "depends on" relation (Tarjan's
algorithm, without recursion) and evaluated with every component after those it depends on. On
an acyclic map every component is one node, computed once from final values: the exact DF-QuAD
strengths, in time linear in the map, reported as ``iterations=1``. A component with a cycle
is solved by fixed-point iteration: start every node of it from its base score (an argument from
the minimum of its premises' base scores), then sweep — compute every node of the component from
the previous sweep's values (Jacobi) — until no value changes by more than ``tolerance``. If that
takes more than ``max_iterations`` sweeps, the last sweep is returned with ``converged=False``.
``iterations`` is the largest number of sweeps any component took.

Convergence bound. A change of δ in one attacker or supporter of a claim c moves σ(c) by at most
max(τ(c), 1 − τ(c))·δ; a change of δ in a premise or in an undercut of an argument moves it by at
most δ. So when no undercut lies on the cycle and every claim c of the component has k(c) attack
and support arguments inside the component with

    q = max over those claims of k(c)·max(τ(c), 1 − τ(c)) < 1,

a sweep is a contraction with factor √q (in the max-norm that weighs arguments by √q): the
component has exactly one fixed point, the iteration converges to it, and the distance to it
shrinks at least q-fold every two sweeps — from a distance of at most 1, no value changes by more
than ε after 2·⌈log(ε/2) / log q⌉ + 2 sweeps (64 for ε = 10⁻⁹ and q = ½, e.g. a cycle of
single reasons or rebuttals with base scores 0.5). Beyond that condition DF-QuAD need not
converge: two claims with base score 1 that rebut each other make the iteration go round
1, 0, 0, 1, 1, 0, 0, … forever. The default ``max_iterations`` (1,000) bounds the work, and
``converged`` tells the caller.

Worked example: the seed map with every base score 0.5
------------------------------------------------------
Leaves 0.5; the undercuts 0.5; so cooperation-needed, expert-study and options-for-new-responses
are 0.5·(1 − 0.5) = 0.25 and the seven other reasons 0.5 (crime-is-rising: min of three 0.5s);
the four rebuttals 0.5. For the decision: vs = 1 − 0.5⁷·0.75³ = 0.996704…, va = 1 − 0.5⁴ = 0.9375;
vs > va, so σ = 0.5 + 0.5·(vs − va) = 0.529602… — barely above its base score, where the
grounded evaluation, which lets any one standing rebuttal decide, calls the decision OUT.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from argmap.graph import SUPPORT, ArgumentGraph

DEFAULT_BASE_SCORE = 0.5


@dataclass
class Strengths:
    claims: dict[int, float]
    arguments: dict[int, float]
    iterations: int
    converged: bool


@dataclass
class _Node:
    base: float
    premises: list[int]  # indices of premise claims (arguments only)
    attackers: list[int]
    supporters: list[int]

    def dependencies(self) -> list[int]:
        return self.premises + self.attackers + self.supporters


def evaluate_dfquad(
    graph: ArgumentGraph,
    base_scores: Mapping[int, float] = {},
    *,
    tolerance: float = 1e-9,
    max_iterations: int = 1000,
) -> Strengths:
    """DF-QuAD strengths of every claim and argument (see the module docstring)."""
    if tolerance <= 0 or max_iterations < 1:
        raise ValueError("tolerance must be positive and max_iterations at least 1")
    for claim_id, score in base_scores.items():
        if not 0.0 <= score <= 1.0:
            raise ValueError(f"claim {claim_id}: base score {score} is not in [0, 1]")
    nodes, claim_index, argument_index = _qbaf(graph, base_scores)

    strength = [node.base for node in nodes]
    for node_index in argument_index.values():  # start from the premises' base scores
        premises = nodes[node_index].premises
        if premises:
            strength[node_index] = min(strength[p] for p in premises)

    sweeps, converged = 1, True
    for component in _components([node.dependencies() for node in nodes]):
        i = component[0]
        if len(component) == 1 and i not in nodes[i].dependencies():
            strength[i] = _strength(nodes[i], strength)
            continue
        for sweep in range(1, max_iterations + 1):
            new = [_strength(nodes[j], strength) for j in component]
            change = max(abs(value - strength[j]) for j, value in zip(component, new, strict=True))
            for j, value in zip(component, new, strict=True):
                strength[j] = value
            sweeps = max(sweeps, sweep)
            if change <= tolerance:
                break
        else:
            converged = False

    return Strengths(
        claims={cid: strength[i] for cid, i in claim_index.items()},
        arguments={aid: strength[i] for aid, i in argument_index.items()},
        iterations=sweeps,
        converged=converged,
    )


def _qbaf(
    graph: ArgumentGraph, base_scores: Mapping[int, float]
) -> tuple[list[_Node], dict[int, int], dict[int, int]]:
    """The map as indexed nodes: claims first, then arguments."""
    claim_index = {cid: i for i, cid in enumerate(graph.claims)}
    argument_index = {aid: len(claim_index) + i for i, aid in enumerate(graph.arguments)}

    def find(index: dict[int, int], key: int | None, what: str, argument_id: int) -> int:
        if key not in index:
            raise ValueError(f"argument {argument_id} names {what} {key}, which is not in the map")
        return index[key]

    nodes = [_Node(base_scores.get(cid, DEFAULT_BASE_SCORE), [], [], []) for cid in graph.claims]
    for argument in graph.arguments.values():
        premises = [find(claim_index, p, "claim", argument.id) for p in argument.premise_ids]
        nodes.append(_Node(1.0, premises, [], []))
    for argument in graph.arguments.values():
        node = argument_index[argument.id]
        if argument.target_id is not None:
            target = find(argument_index, argument.target_id, "argument", argument.id)
            nodes[target].attackers.append(node)
        elif argument.conclusion_id is not None:
            conclusion = nodes[find(claim_index, argument.conclusion_id, "claim", argument.id)]
            into = conclusion.supporters if argument.kind == SUPPORT else conclusion.attackers
            into.append(node)
    return nodes, claim_index, argument_index


def _strength(node: _Node, strength: list[float]) -> float:
    v0 = min(strength[p] for p in node.premises) if node.premises else node.base
    attack = 1.0
    for a in node.attackers:
        attack *= 1.0 - strength[a]
    support = 1.0
    for s in node.supporters:
        support *= 1.0 - strength[s]
    va, vs = 1.0 - attack, 1.0 - support
    value = v0 - v0 * (va - vs) if va >= vs else v0 + (1.0 - v0) * (vs - va)
    return min(1.0, max(0.0, value))  # rounding must not leave [0, 1]


def _components(dependencies: list[list[int]]) -> list[list[int]]:
    """Strongly connected components, each listed after every component it depends on.

    Tarjan's algorithm with an explicit stack, so a chain of 10,000 claims is no problem."""
    count = len(dependencies)
    order = [-1] * count  # visiting order; -1: not visited
    low = [0] * count
    on_stack = [False] * count
    stack: list[int] = []
    components: list[list[int]] = []
    visited = 0
    for root in range(count):
        if order[root] != -1:
            continue
        order[root] = low[root] = visited
        visited += 1
        stack.append(root)
        on_stack[root] = True
        work = [(root, 0)]
        while work:
            v, next_edge = work[-1]
            if next_edge < len(dependencies[v]):
                work[-1] = (v, next_edge + 1)
                w = dependencies[v][next_edge]
                if order[w] == -1:
                    order[w] = low[w] = visited
                    visited += 1
                    stack.append(w)
                    on_stack[w] = True
                    work.append((w, 0))
                elif on_stack[w]:
                    low[v] = min(low[v], order[w])
                continue
            work.pop()
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[v])
            if low[v] == order[v]:
                component = []
                while True:
                    w = stack.pop()
                    on_stack[w] = False
                    component.append(w)
                    if w == v:
                        break
                components.append(component)
    return components
