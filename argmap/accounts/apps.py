from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "argmap.accounts"
    verbose_name = "Accounts"
