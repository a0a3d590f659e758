from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "tremplin.accounts"
    label = "accounts"
