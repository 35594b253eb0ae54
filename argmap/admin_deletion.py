"""The admin's delete confirmation, in memory bounded by what is deleted.

Django's page lists every related row by name: for a document of 5,000 passages that is 5,000
links, each built from the row's ``__str__``. This one names the rows chosen and counts the
rest per kind; rows that block the deletion are named, the first few of them.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.contrib import admin
from django.contrib.admin.utils import quote
from django.db import models, router
from django.db.models import QuerySet
from django.db.models.deletion import Collector, ProtectedError, RestrictedError
from django.http import HttpRequest
from django.urls import NoReverseMatch, reverse
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.text import capfirst

PROTECTED_SHOWN = 20  # blocking rows named on the page; the rest are counted


class SummarisedDeletion(admin.ModelAdmin):
    """Mixed into a ModelAdmin whose rows may be deleted.

    Deleting a row deletes what belongs to it by the model's own rules (cascades); the permission
    asked for is the one to delete the rows chosen, which the delete view checks itself.
    """

    def get_deleted_objects(
        self, objs: Sequence[Any] | QuerySet[Any], request: HttpRequest
    ) -> tuple[list[Any], dict[str, int], set[str], list[str]]:
        if not len(objs):
            return [], {}, set(), []
        # Django's deleting collector, not the admin's NestedObjects: that one loads the parent
        # of every related row again (each passage its source, body and all).
        collector = Collector(using=router.db_for_write(self.model), origin=objs)  # type: ignore[arg-type]
        blocking: list[models.Model] = []
        try:
            collector.collect(objs)
        except ProtectedError as error:
            blocking = list(error.protected_objects)
        except RestrictedError as error:
            blocking = list(error.restricted_objects)
        counts: dict[str, int] = {}
        for model, rows in collector.data.items():
            counts[str(model._meta.verbose_name_plural)] = len(rows)
        for queryset in collector.fast_deletes:  # deleted by one query, never loaded
            name = str(queryset.model._meta.verbose_name_plural)
            counts[name] = counts.get(name, 0) + queryset.count()
        chosen = {obj.pk for obj in objs}
        own = str(self.model._meta.verbose_name_plural)
        along = [
            f"{n:,} {name}" for name, n in counts.items() if n and (name != own or n > len(chosen))
        ]
        to_delete: list[Any] = [self._link(obj) for obj in objs]
        if along:
            to_delete.append(["With them: " + ", ".join(along) + "."])
        protected: list[str] = [self._link(obj) for obj in blocking[:PROTECTED_SHOWN]]
        if len(blocking) > PROTECTED_SHOWN:
            protected.append(f"and {len(blocking) - PROTECTED_SHOWN:,} more")
        return to_delete, counts, set(), protected

    def _link(self, obj: models.Model) -> SafeString:
        opts = obj._meta
        name = capfirst(opts.verbose_name)
        try:
            url = reverse(
                f"{self.admin_site.name}:{opts.app_label}_{opts.model_name}_change",
                args=[quote(obj.pk)],
            )
        except NoReverseMatch:
            return format_html("{}: {}", name, obj)
        return format_html('{}: <a href="{}">{}</a>', name, url, obj)
