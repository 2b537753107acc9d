from pewarta.public.tests.conftest import reader_site_data  # noqa: F401 - sections after flushes
