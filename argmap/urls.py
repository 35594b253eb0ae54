from django.contrib import admin
from django.urls import include, path

from argmap import site

urlpatterns = [
    path("", include("argmap.maps.urls")),
    path("accounts/", include("argmap.accounts.urls")),
    path("sources/", include("argmap.sources.urls")),
    path("api/", include("argmap.api.urls")),
    path("admin/", admin.site.urls),
    path("favicon.ico", site.favicon, name="favicon"),
]

handler404 = "argmap.site.page_not_found"  # a hidden map's 404 offers to log in
handler500 = "argmap.database_errors.server_error"  # a database outage is a 503, not a 500
