from django.urls import path
from drf_spectacular.views import SpectacularAPIView

from . import views

app_name = "api"
urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("sources/<slug:slug>/", views.source_detail, name="source-detail"),
    path("maps/<slug:slug>/graph/", views.map_graph, name="map-graph"),
]
