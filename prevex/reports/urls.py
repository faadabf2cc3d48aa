from django.urls import path

from prevex.reports import views

app_name = "reports"

urlpatterns = [
    path("", views.bilan, name="bilan"),
    path("excel/", views.bilan_download, name="bilan_xlsx"),
]
