from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.db.models import QuerySet
from django.http import HttpRequest

from .forms import AdminLoginForm, AdminPasswordChangeForm
from .models import ApiToken, LoginFailure, User

# The admin's log-in goes through the same throttle as the site's.
admin.site.login_form = AdminLoginForm


@admin.register(User)
class ArgmapUserAdmin(UserAdmin):
    change_password_form = AdminPasswordChangeForm  # a new password revokes API tokens


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ["name", "user", "prefix", "created_at", "last_used_at", "expires_at"]
    search_fields = ["name", "user__username", "prefix"]
    readonly_fields = ["user", "name", "prefix", "key_hash", "created_at", "last_used_at"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # tokens are made by their users, who see the key once

    def get_queryset(self, request: HttpRequest) -> QuerySet[ApiToken]:
        """Staff who are not superusers see their own tokens only."""
        tokens = super().get_queryset(request).select_related("user")
        return tokens if request.user.is_superuser else tokens.filter(user_id=request.user.pk)


@admin.register(LoginFailure)
class LoginFailureAdmin(admin.ModelAdmin):
    list_display = ["username", "ip", "at"]
    search_fields = ["username", "ip"]
    list_filter = ["at"]
