from django.urls import path

from .views import (
    annotations,
    arguments,
    claims,
    evaluation,
    events,
    graph,
    history,
    maps,
    presence,
    search,
    sharing,
    transfer,
    workspace,
)

app_name = "maps"
urlpatterns = [
    path("", maps.map_list, name="list"),
    path("maps/new/", maps.map_create, name="create"),
    path("search/", search.site_search, name="search"),
    path("maps/<slug:slug>/search/", search.map_search, name="map-search"),
    path("maps/<slug:slug>/", workspace.map_detail, name="detail"),
    path("maps/<slug:slug>/graph/", graph.map_graph_page, name="graph"),
    path("maps/<slug:slug>/sources/", maps.map_attach_source, name="attach-source"),
    path("maps/<slug:slug>/settings/", sharing.map_settings, name="settings"),
    path("maps/<slug:slug>/settings/details/", sharing.map_update, name="update"),
    path("maps/<slug:slug>/settings/delete/", sharing.map_delete, name="delete"),
    path("maps/<slug:slug>/members/", sharing.member_invite, name="member-invite"),
    path("maps/<slug:slug>/members/<int:pk>/role/", sharing.member_role, name="member-role"),
    path("maps/<slug:slug>/members/<int:pk>/remove/", sharing.member_remove, name="member-remove"),
    path(
        "maps/<slug:slug>/members/<int:pk>/transfer/",
        sharing.member_transfer,
        name="member-transfer",
    ),
    path("maps/<slug:slug>/picker/", workspace.claim_picker, name="picker"),
    path("maps/<slug:slug>/history/", history.map_history, name="history"),
    path("maps/<slug:slug>/events/", events.map_events, name="events"),
    path("maps/<slug:slug>/presence/", presence.map_presence, name="presence"),
    path("maps/<slug:slug>/fragments/", events.map_fragments, name="fragments"),
    path("maps/<slug:slug>/evaluate/", evaluation.evaluate_switch, name="evaluate"),
    path("maps/<slug:slug>/claims/<int:pk>/judge/", evaluation.claim_judge, name="claim-judge"),
    path("maps/<slug:slug>/undo/", history.undo, name="undo"),
    path("maps/<slug:slug>/deleted/", history.recently_deleted, name="deleted"),
    path(
        "maps/<slug:slug>/deleted/<uuid:action>/restore/",
        history.action_restore,
        name="action-restore",
    ),
    path("maps/<slug:slug>/claims/<int:pk>/history/", history.claim_history, name="claim-history"),
    path(
        "maps/<slug:slug>/claims/<int:pk>/history/<int:change_pk>/restore/",
        history.claim_restore_version,
        name="claim-restore-version",
    ),
    path(
        "maps/<slug:slug>/annotations/<int:pk>/restore/",
        history.annotation_restore,
        name="annotation-restore",
    ),
    path("maps/<slug:slug>/claims/", claims.claim_create, name="claim-create"),
    path("maps/<slug:slug>/claims/<int:pk>/", workspace.claim_detail, name="claim"),
    path("maps/<slug:slug>/claims/<int:pk>/branch/", workspace.claim_branch, name="claim-branch"),
    path("maps/<slug:slug>/claims/<int:pk>/edit/", claims.claim_edit, name="claim-edit"),
    path("maps/<slug:slug>/claims/<int:pk>/delete/", claims.claim_delete, name="claim-delete"),
    path("maps/<slug:slug>/claims/<int:pk>/restore/", claims.claim_restore, name="claim-restore"),
    path(
        "maps/<slug:slug>/claims/<int:pk>/arguments/",
        claims.claim_add_argument,
        name="claim-add-argument",
    ),
    path(
        "maps/<slug:slug>/claims/<int:pk>/annotations/",
        annotations.claim_annotate,
        name="claim-annotate",
    ),
    path("maps/<slug:slug>/arguments/<int:pk>/", workspace.argument_detail, name="argument"),
    path(
        "maps/<slug:slug>/arguments/<int:pk>/premises/",
        arguments.argument_add_premise,
        name="argument-add-premise",
    ),
    path(
        "maps/<slug:slug>/arguments/<int:pk>/premises/<int:claim_pk>/remove/",
        arguments.argument_remove_premise,
        name="argument-remove-premise",
    ),
    path(
        "maps/<slug:slug>/arguments/<int:pk>/undercuts/",
        arguments.argument_undercut,
        name="argument-undercut",
    ),
    path(
        "maps/<slug:slug>/arguments/<int:pk>/move/", arguments.argument_move, name="argument-move"
    ),
    path(
        "maps/<slug:slug>/arguments/<int:pk>/delete/",
        arguments.argument_delete,
        name="argument-delete",
    ),
    path(
        "maps/<slug:slug>/arguments/<int:pk>/restore/",
        arguments.argument_restore,
        name="argument-restore",
    ),
    path(
        "maps/<slug:slug>/arguments/<int:pk>/annotations/",
        annotations.argument_annotate,
        name="argument-annotate",
    ),
    path(
        "maps/<slug:slug>/annotations/<int:pk>/edit/",
        annotations.annotation_edit,
        name="annotation-edit",
    ),
    path(
        "maps/<slug:slug>/annotations/<int:pk>/delete/",
        annotations.annotation_delete,
        name="annotation-delete",
    ),
    # Import, export and print. The import's paths cannot clash with a map's slug.
    path("maps/new/import/", transfer.map_import, name="import"),
    path("maps/new/import/<str:token>/", transfer.import_progress, name="import-progress"),
    path("maps/<slug:slug>/export/<slug:format>/", transfer.map_export, name="export"),
    path("maps/<slug:slug>/print/", transfer.map_print, name="print"),
]
