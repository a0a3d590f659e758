"""A site placed at its postal code's point follows that point when the territory is loaded
again (docs/decisions/0319). A site whose point was set by hand (any other point) keeps it."""

from django.db import migrations

FOLLOW = """
CREATE FUNCTION directory_site_follows_postal_code() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    UPDATE directory_site
    SET latitude = NEW.latitude, longitude = NEW.longitude
    WHERE postal_code_id = NEW.id
        AND latitude = OLD.latitude AND longitude = OLD.longitude;
    RETURN NULL;
END
$$;
CREATE TRIGGER site_follows_postal_code
AFTER UPDATE OF latitude, longitude ON territory_postalcode
FOR EACH ROW
WHEN (OLD.latitude IS DISTINCT FROM NEW.latitude OR OLD.longitude IS DISTINCT FROM NEW.longitude)
EXECUTE FUNCTION directory_site_follows_postal_code();
"""

STOP = """
DROP TRIGGER site_follows_postal_code ON territory_postalcode;
DROP FUNCTION directory_site_follows_postal_code();
"""


class Migration(migrations.Migration):
    dependencies = [
        ("directory", "0007_infosession_centre_next_in_order"),
        ("territory", "0002_extensions_search_indexes"),
    ]

    operations = [migrations.RunSQL(FOLLOW, STOP)]
