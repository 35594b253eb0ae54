"""The maps app's models, by responsibility. Rows are never changed outside ``services``; reads
go through ``selectors``.

content.py   Map, Claim, Argument, Premise, Annotation, Judgement: the argument map itself
members.py   Membership, Invitation, InvitationUse: who may do what, and how they joined
changes.py   Change: the change log (history, undo, live updates)
jobs.py      Job, MapImport, DocumentImport: work for the task worker
presence.py  Presence: who has a map open now
"""

from .changes import Change
from .content import Annotation, Argument, Claim, Judgement, Map, Premise
from .jobs import DocumentImport, Job, MapImport
from .members import Invitation, InvitationUse, Membership
from .presence import Presence

__all__ = [
    "Annotation",
    "Argument",
    "Change",
    "Claim",
    "DocumentImport",
    "Invitation",
    "InvitationUse",
    "Job",
    "Judgement",
    "Map",
    "MapImport",
    "Membership",
    "Premise",
    "Presence",
]
