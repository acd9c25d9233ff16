"""When the database cannot be reached, the answer says so: 503 rather than
500, in the API's error shape (ApiErrorMiddleware, marketplace.views.server_error),
and /healthz names the database. Nothing here retries: a client or the load
balancer asks again, and DATABASE_CONNECT_TIMEOUT bounds each attempt."""

from django.db import InterfaceError, OperationalError, connections


def database_unreachable(error: BaseException) -> bool:
    """True when `error` comes from a database this process cannot reach (no
    connection could be opened, or the one it held is dead), not from one
    statement's failure on a working connection (a deadlock, a lock timeout)."""
    if not isinstance(error, (OperationalError, InterfaceError)):
        return False
    return any(
        connection.connection is None or not connection.is_usable()
        for connection in connections.all(initialized_only=True)
    )
