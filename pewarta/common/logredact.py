"""Log lines never carry a plain e-mail address (UU PDP: logs are personal data too).

`RedactingFormatter` formats as usual, then masks every address in the finished line, the
traceback included: `asep.sunandar@gmail.com` becomes `a***@gmail.com` (enough to tell two
senders apart while debugging, not enough to contact or identify one). settings.LOGGING uses
it for every handler.
"""

import logging
import re

_ADDRESS = re.compile(r"([\w.+-])[\w.+-]*@([\w-]+(?:\.[\w-]+)+)")


def redact_addresses(text: str) -> str:
    return _ADDRESS.sub(r"\1***@\2", text)


class RedactingFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        return redact_addresses(super().format(record))
