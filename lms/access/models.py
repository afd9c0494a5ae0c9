"""No models: the roles live in Django's and Wagtail's own tables (groups and permissions).

The module exists because Django sends `post_migrate` only for apps that have one, and this
app writes the declared roles (`roles.py`) on that signal.
"""
