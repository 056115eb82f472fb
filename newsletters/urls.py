"""URLs of the newsletters app."""

app_name = "newsletters"
urlpatterns = []
