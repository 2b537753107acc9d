from django.apps import AppConfig


class CommonConfig(AppConfig):
    """common: the ground — sanitizing, mail, errors, time, text, rate limits, storage helpers.
    Never imports a domain room.
    """

    name = "pewarta.common"
    label = "common"
