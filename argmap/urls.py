from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("", include("argmap.maps.urls")),
    path("accounts/", include("argmap.accounts.urls")),
    path("sources/", include("argmap.sources.urls")),
    path("api/", include("argmap.api.urls")),
    path("admin/", admin.site.urls),
]

handler500 = "argmap.database_errors.server_error"  # a database outage is a 503, not a 500
