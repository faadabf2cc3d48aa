from prevex.imports.suivi.pipeline import tracking_sheet

app_name = "imports"

urlpatterns = tracking_sheet.urls()
