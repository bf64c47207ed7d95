app_name = "projecten"

# The pages of this part arrive with its issue; the namespace is wired so templates and tests can rely on it.
urlpatterns: list = []
