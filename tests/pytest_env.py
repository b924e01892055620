"""Loaded with `-p tests.pytest_env` so it runs before Django reads its settings.

Each test process gets its own data directory: tests never touch ./data, and parallel
workers never share a SQLite file or artifacts.
"""

import os
import tempfile

if not os.environ.get("TRIPWIRE_TEST_KEEP_ENV"):
    os.environ["TRIPWIRE_DATA_DIR"] = tempfile.mkdtemp(prefix="tripwire-test-")
    for name in list(os.environ):
        # A developer's shell may carry real credentials; tests must never use them.
        if name.startswith(
            ("TRIPWIRE_LLM_", "GITHUB_", "GITLAB_", "JIRA_", "SLACK_", "TEAMS_")
        ) or name in (
            "OPENAI_API_KEY",
            "TRIPWIRE_ADMIN_EMAIL",
            "TRIPWIRE_ADMIN_PASSWORD",
            "TRIPWIRE_DATABASE_URL",
            "TRIPWIRE_REDIS_URL",
            "LOG_BACKEND",
            "FILE_ISSUES",
        ):
            del os.environ[name]
