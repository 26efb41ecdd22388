"""Form helpers shared by the apps."""

from django.db import IntegrityError, transaction


class UniqueNameFormMixin:
    """A ModelForm whose `name` is unique within a parent: the form checks it,
    and a name another admin saved between that check and the save becomes the
    same form error instead of a server error."""

    def duplicate_message(self, name: str) -> str:
        raise NotImplementedError

    def save_or_report(self):
        """Save and return the object, or add the duplicate error and return None."""
        try:
            with transaction.atomic():
                return self.save()
        except IntegrityError:
            self.add_error("name", self.duplicate_message(self.instance.name))
            return None
