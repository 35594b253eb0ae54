from django.urls import path, re_path
from drf_spectacular.views import SpectacularAPIView

from . import openapi  # noqa: F401  (registers the token scheme with drf-spectacular)
from .views import (
    annotations,
    arguments,
    claims,
    docs,
    evaluation,
    history,
    invitations,
    maps,
    members,
    search,
    sources,
    transfer,
)

app_name = "api"
urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", docs.SwaggerView.as_view(url_name="api:schema"), name="docs"),
    path("users/me/", sources.user_me, name="user-me"),
    path("search/", search.search_list, name="search"),
    path("maps/", maps.map_list, name="map-list"),
    path("maps/import/", transfer.map_import, name="map-import"),
    path("imports/<str:token>/", transfer.import_detail, name="import-detail"),
    path("maps/<slug:slug>/", maps.map_detail, name="map-detail"),
    path("maps/<slug:slug>/members/", members.member_list, name="map-members"),
    path("maps/<slug:slug>/members/<str:username>/", members.member_detail, name="map-member"),
    path(
        "maps/<slug:slug>/invitations/",
        invitations.invitation_list,
        name="map-invitations",
    ),
    path(
        "maps/<slug:slug>/invitations/<int:pk>/",
        invitations.invitation_detail,
        name="map-invitation",
    ),
    path("maps/<slug:slug>/sources/", maps.map_attach_source, name="map-sources"),
    path("maps/<slug:slug>/sources/carry/", maps.map_carry_claims, name="map-carry-claims"),
    path("maps/<slug:slug>/graph/", maps.map_graph, name="map-graph"),
    path("maps/<slug:slug>/undo/", history.map_undo, name="map-undo"),
    path("maps/<slug:slug>/redo/", history.map_redo, name="map-redo"),
    path("maps/<slug:slug>/evaluation/", evaluation.map_evaluation, name="map-evaluation"),
    path("maps/<slug:slug>/export/<str:name>/", transfer.map_export, name="map-export"),
    path("claims/", claims.claim_list, name="claim-list"),
    path("claims/<int:pk>/", claims.claim_detail, name="claim-detail"),
    path("claims/<int:pk>/restore/", claims.claim_restore, name="claim-restore"),
    path("arguments/", arguments.argument_list, name="argument-list"),
    path("arguments/<int:pk>/", arguments.argument_detail, name="argument-detail"),
    path("arguments/<int:pk>/restore/", arguments.argument_restore, name="argument-restore"),
    path("arguments/<int:pk>/premises/", arguments.argument_add_premise, name="argument-premises"),
    path(
        "arguments/<int:pk>/premises/<int:claim_pk>/",
        arguments.argument_remove_premise,
        name="argument-premise",
    ),
    path("annotations/", annotations.annotation_list, name="annotation-list"),
    path("annotations/<int:pk>/", annotations.annotation_detail, name="annotation-detail"),
    path("sources/", sources.source_list, name="source-list"),
    path("sources/<slug:slug>/", sources.source_detail, name="source-detail"),
    re_path(r"^(?P<rest>[\s\S]*)$", docs.no_endpoint, name="not-found"),
]
