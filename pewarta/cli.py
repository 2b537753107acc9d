"""The `pewarta` console command: Django's management commands plus Pewarta's own."""

import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pewarta.settings")
    from django.core.management import execute_from_command_line

    host = _runserver_host(sys.argv)
    if host is not None:  # Django's own web server: loopback only with development settings
        import django
        from django.core.management.base import CommandError

        from pewarta.common.listening import listen_address_check

        django.setup()
        try:
            listen_address_check(host)
        except CommandError as error:
            sys.stderr.write(f"CommandError: {error}\n")
            sys.exit(1)
    execute_from_command_line(sys.argv)


def _runserver_host(argv):
    from pewarta.common.listening import runserver_address

    return runserver_address(argv)


if __name__ == "__main__":
    main()
