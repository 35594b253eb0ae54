from django.urls import path

from .views import graph, maps

app_name = "maps"
urlpatterns = [
    path("", maps.map_list, name="list"),
    path("maps/<slug:slug>/", maps.map_detail, name="detail"),
    path("maps/<slug:slug>/graph/", graph.map_graph_page, name="graph"),
]
