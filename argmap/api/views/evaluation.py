"""What the map implies: grounded labels and DF-QuAD strengths of its claims and arguments."""

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.decorators import api_view
from rest_framework.request import Request
from rest_framework.response import Response

from argmap.maps import selectors
from argmap.maps.evaluation import EVERYONE, MINE, evaluate_map

from .. import filters
from ..openapi import BAD_REQUEST, READ_ERRORS
from .maps import readable_map

SEMANTICS = ("grounded", "dfquad")


class EvaluationQuery(serializers.Serializer):
    semantics = serializers.ChoiceField(choices=SEMANTICS, default="grounded")
    judgements = serializers.ChoiceField(choices=(MINE, EVERYONE), default=MINE)


class EvaluationSerializer(serializers.Serializer):
    semantics = serializers.ChoiceField(choices=SEMANTICS)
    judgements = serializers.ChoiceField(choices=(MINE, EVERYONE))
    claims = serializers.DictField(
        child=serializers.JSONField(), help_text="claim id → label or strength"
    )
    arguments = serializers.DictField(
        child=serializers.JSONField(), help_text="argument id → label or strength"
    )
    explanations = serializers.DictField(child=serializers.CharField(), required=False)
    converged = serializers.BooleanField(required=False)


@extend_schema(
    parameters=[
        OpenApiParameter("semantics", enum=list(SEMANTICS), default="grounded"),
        OpenApiParameter(
            "judgements",
            enum=[MINE, EVERYONE],
            default=MINE,
            description="Whose leaf judgements to start from.",
        ),
    ],
    responses={200: EvaluationSerializer, 400: BAD_REQUEST, **READ_ERRORS},
)
@api_view(["GET"])
def map_evaluation(request: Request, slug: str) -> Response:
    """Grounded labels (IN, OUT, UNDEC, with a reason per claim) or DF-QuAD strengths in [0, 1]."""
    the_map = readable_map(request, slug)
    query = filters.parse(request, EvaluationQuery)
    semantics, whose = query["semantics"], query["judgements"]
    graph = selectors.map_graph(the_map)
    evaluation = evaluate_map(the_map, graph, request.user, whose)
    data: dict[str, object] = {"semantics": semantics, "judgements": whose}
    if semantics == "grounded":
        labels = evaluation.labelling
        data.update(
            claims={str(k): v for k, v in labels.claims.items()},
            arguments={str(k): v for k, v in labels.arguments.items()},
            explanations={str(k): labels.explain(k) for k in labels.claims},
        )
    else:
        strengths = evaluation.strengths
        data.update(
            claims={str(k): round(v, 6) for k, v in strengths.claims.items()},
            arguments={str(k): round(v, 6) for k, v in strengths.arguments.items()},
            converged=strengths.converged,
        )
    return Response(data)
