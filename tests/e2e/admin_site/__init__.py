"""A bare Django project whose admin (auth users and groups) is a real app we did not write,
served by runserver for tests/e2e/test_django_admin.py."""
