from django.urls import path

from lantoa.plans import views

app_name = "plans"

urlpatterns = [
    path("", views.public_plan_list, name="list"),
    path("<slug:code>/", views.public_plan_summary, name="summary"),
]
