"""Every change-log row is announced by the database itself: NOTIFY in the writing transaction
is delivered when it commits, and never if it rolls back (argmap/maps/events.py listens). One
statement fewer for every write than a pg_notify sent after the commit."""

from django.db import migrations

CREATE = """
CREATE FUNCTION argmap_announce_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('argmap_changes', NEW.map_id || ':' || NEW.id);
    RETURN NULL;
END $$;
CREATE TRIGGER argmap_announce_change AFTER INSERT ON maps_change
    FOR EACH ROW EXECUTE FUNCTION argmap_announce_change();
"""

DROP = """
DROP TRIGGER argmap_announce_change ON maps_change;
DROP FUNCTION argmap_announce_change();
"""


class Migration(migrations.Migration):
    dependencies = [("maps", "0014_invitations")]

    operations = [migrations.RunSQL(CREATE, DROP)]
