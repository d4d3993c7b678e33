"""The one error type of the job: a message for the user and the exit code to leave with.

Exit codes follow the binary's (README): 1 failure, 2 bad input data, 3 a file cannot be opened or
written, 64 usage error. When the binary itself fails (a partition, a merge), its own message and
exit code are passed through unchanged.
"""

FAILURE = 1
BAD_INPUT = 2
CANNOT_OPEN = 3
USAGE = 64


class JobError(Exception):
    """A failure to report as `spark-job: MESSAGE` (or the binary's message as is) and exit with."""

    def __init__(self, message, exit_code=FAILURE, from_binary=False):
        super().__init__(message)
        self.message = message
        self.exit_code = exit_code
        # The binary's own stderr: printed verbatim, without the `spark-job:` prefix.
        self.from_binary = from_binary
