from django.apps import AppConfig


class TerritoryConfig(AppConfig):
    name = "tremplin.territory"
    label = "territory"

    def ready(self):
        from django.db.models.signals import post_delete, post_save

        from tremplin.territory.lookup import forget_places

        for model in (self.get_model("PostalCode"), self.get_model("Municipality")):
            post_save.connect(forget_places, sender=model, dispatch_uid=f"forget-{model}")
            post_delete.connect(forget_places, sender=model, dispatch_uid=f"forget-del-{model}")
