"""gunicorn settings: `gunicorn -c tripwire_site/gunicorn.conf.py tripwire_site.wsgi -b HOST:PORT`."""

# Access log on stdout, credentials in URLs redacted.
accesslog = "-"
logger_class = "tripwire_site.access_log.RedactingLogger"
# gunicorn's largest request line (its default is half): long filter URLs stay valid, and a line
# longer than this gets gunicorn's own 400/414 before Django ever sees it.
limit_request_line = 8190
# gunicorn 27 opens a control socket at one fixed path per user (~/.gunicorn/gunicorn.ctl): two
# instances on a host would take it from each other. Nothing here uses it. (Older gunicorn
# ignores the setting.)
control_socket_disable = True

# What gunicorn answers itself (a request line over the limit: 414) is JSON in the error shape too.
from tripwire_site.gunicorn_errors import install  # noqa: E402

install()


def post_worker_init(worker: object) -> None:
    """Compute the dashboard's aggregates in the background as soon as a worker has loaded Django,
    and again every minute, so no visitor waits for them (core/kept.py)."""
    from core.kept import every, in_background
    from insights.views import DASHBOARD_TTL_S, warm

    in_background(lambda: every(DASHBOARD_TTL_S, warm), name="warm aggregates")
