from django.apps import AppConfig


class CommonConfig(AppConfig):
    name = "pewarta.common"
    label = "common"
