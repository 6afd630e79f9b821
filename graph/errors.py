"""The errors UnionKG raises for user mistakes; the CLI prints them as `Error: …` without a traceback."""


class UnionKGError(Exception):
    """Base class: a problem the user can fix, with a message that says how."""


class BadInput(UnionKGError):
    """An input file or value that cannot be read; the message names the file and the problem."""


class UnknownQuery(UnionKGError):
    """A query name that is not in queries/, or SPARQL that does not parse."""


class UnknownTerm(UnionKGError):
    """A class, property, stage or format name that does not exist; the message lists the valid ones."""


def choices(valid) -> str:
    """Format valid names for an error message."""
    return ", ".join(sorted(valid))
