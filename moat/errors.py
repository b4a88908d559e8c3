"""The exception hierarchy: one root, a few flat children, messages that say what to do next.

Every error a user can see is a ``MoatError``. The CLI turns them into a message and an exit code; pages show
``str(err)``. Library errors are wrapped ``from`` the original so tracebacks stay available in the log.
"""

from __future__ import annotations


class MoatError(Exception):
    """Root of every error MoatMetrics raises on purpose.

    ``hint`` is the "what to do" part; ``exit_code`` is what the CLI returns for it.
    """

    exit_code = 1

    def __init__(self, message: str, hint: str | None = None) -> None:
        self.message = message
        self.hint = hint
        super().__init__(message if not hint else f"{message}\nHint: {hint}")


class ConfigError(MoatError):
    """A setting is unknown or has a bad value; ``key`` names it."""

    def __init__(self, key: str, message: str, hint: str | None = None) -> None:
        self.key = key
        super().__init__(f"config {key}: {message}", hint)


class BadArgument(MoatError):
    """A value given to a command or function is malformed or contradicts another (a date that is not one, a period
    that ends before it starts): the command line is wrong, exit 2 as the README's exit codes say (h103)."""

    exit_code = 2


class SchemaVersionError(MoatError):
    """The database was written by a newer MoatMetrics than this one."""


class FileRejected(MoatError):
    """A whole file cannot be used (unreadable, unsupported, nothing recognisable); nothing was written."""

    exit_code = 2

    def __init__(self, file: str, message: str, hint: str | None = None) -> None:
        self.file = file
        super().__init__(f"{file}: {message}", hint)


class PermissionDenied(MoatError):
    """The acting user's role does not allow the action."""

    def __init__(self, user: str, role: str, action: str) -> None:
        self.user, self.role, self.action = user, role, action
        super().__init__(
            f"{user} ({role}) may not {action.replace('_', ' ')}",
            "ask an admin for a role that allows it",
        )


class TooFewClients(PermissionDenied):
    """A figure for a user kept to aggregates would come from fewer than 3 clients: it would be a client's figures."""

    def __init__(self, user: str, role: str, what: str, minimum: int = 3) -> None:
        self.user, self.role, self.action = user, role, f"view {what}"
        MoatError.__init__(
            self,
            f"{what}: fewer than {minimum} clients in this period — widen the period",
            f"with fewer than {minimum} clients invoicing or logging time, the total is a client's own figures, which "
            "your role does not see (policy viewers_see_client_rows); pick a longer period or all segments",
        )


class TooFewTechnicians(TooFewClients):
    """A figure made of technicians' time (hours, utilisation, labour cost, gross profit) for a user kept to
    aggregates would come from fewer than 3 technicians: it would be a technician's own figures (h97 U1). A child of
    ``TooFewClients`` so that every caller handling the small-group rule handles this one too."""

    def __init__(self, user: str, role: str, what: str, minimum: int = 3) -> None:
        self.user, self.role, self.action = user, role, f"view {what}"
        MoatError.__init__(
            self,
            f"{what}: fewer than {minimum} technicians logged time (or its billable or non-billable part) in this "
            "period — widen the period",
            f"with fewer than {minimum} technicians logging time (or its billable or non-billable part), hours, "
            "utilisation, labour cost and gross profit are "
            "a technician's own figures, which your role does not see (policy viewers_see_client_rows); pick a longer "
            "period, or ask for revenue or licence figures",
        )


class OneContributorDominates(TooFewClients):
    """A total for a user kept to aggregates that one client (or one technician) makes almost all of, by the p%
    rule (``moat.metrics.totals.dominated``): it is that client's (technician's) own figure within a few percent
    (h113). A child of ``TooFewClients`` so that every caller handling the small-group rule handles this one too."""

    def __init__(self, user: str, role: str, what: str, who: str = "client") -> None:
        self.user, self.role, self.action = user, role, f"view {what}"
        MoatError.__init__(
            self,
            f"{what}: one {who} makes almost all of this figure — widen the period",
            f"when the {who}s other than the two largest make less than a tenth of the largest one's part, the total "
            f"is that {who}'s own figure within a few percent (the p% rule), which your role does not see (policy "
            "viewers_see_client_rows); pick a longer period or all segments",
        )


class NotEnoughData(MoatError):
    """The period or selection holds too little data to compute an honest answer."""


class BudgetExceeded(MoatError):
    """A differential-privacy release would spend more than the remaining budget."""

    exit_code = 3


class UnsafeQuery(MoatError):
    """SQL that is not a single read-only SELECT over allowed tables was refused."""


class DatabaseBusy(MoatError):
    """Another process holds the database file for writing (exit 4: try again later, nothing was done)."""

    exit_code = 4


class WriteConflict(MoatError):
    """Another session changed the same rows at the same moment; the write was rolled back and may be retried."""


class DiskFull(MoatError):
    """The disk (or the file-size limit) ran out while writing; the write was rolled back."""
