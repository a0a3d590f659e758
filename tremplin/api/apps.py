from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "tremplin.api"
    label = "api"

    def ready(self):
        from tremplin.api.errors import use_french_field_messages

        use_french_field_messages()
