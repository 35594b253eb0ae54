"""Every write to a map goes through here: the pages, the API, the admin and the commands.

Each service is keyword-only, atomic, validates with ``full_clean()`` and raises Django's
``ValidationError`` with a message a user can act on. Updates take the ``version`` the caller saw
and write with one conditional UPDATE; if someone else changed the row first, ``ConflictError``.
"""

from .anchors import Carried, carry_claims, reanchor_claim
from .annotations import annotate, delete_annotation, update_annotation
from .arguments import (
    add_argument_tree,
    add_premise,
    add_rebuttal,
    add_support,
    add_undercut,
    delete_argument,
    move_argument,
    remove_premise,
)
from .base import ConflictError
from .claims import add_claim, delete_claim, update_claim
from .judgements import judge_claim
from .maps import attach_source, create_map, delete_map, unique_slug, update_map
from .members import (
    LINK_ROLES,
    change_role,
    create_invitation,
    email_invitation,
    invite_member,
    join_by_invitation,
    remove_member,
    revoke_invitation,
    transfer_ownership,
)
from .undo import (
    describe,
    last_redoable,
    last_undoable,
    redo_last,
    restore_annotation,
    restore_argument,
    restore_claim,
    undo_action,
    undo_last,
)
from .undo_labels import UndoState, describe_action, undo_state

__all__ = [
    "LINK_ROLES",
    "Carried",
    "ConflictError",
    "UndoState",
    "add_argument_tree",
    "add_claim",
    "add_premise",
    "add_rebuttal",
    "add_support",
    "add_undercut",
    "annotate",
    "attach_source",
    "carry_claims",
    "change_role",
    "create_invitation",
    "create_map",
    "delete_annotation",
    "delete_argument",
    "delete_claim",
    "delete_map",
    "describe",
    "describe_action",
    "email_invitation",
    "invite_member",
    "join_by_invitation",
    "judge_claim",
    "last_redoable",
    "last_undoable",
    "move_argument",
    "reanchor_claim",
    "redo_last",
    "remove_member",
    "remove_premise",
    "restore_annotation",
    "restore_argument",
    "restore_claim",
    "revoke_invitation",
    "transfer_ownership",
    "undo_action",
    "undo_last",
    "undo_state",
    "unique_slug",
    "update_annotation",
    "update_claim",
    "update_map",
]
