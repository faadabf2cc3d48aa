from django.contrib.auth.models import AbstractUser


class User(AbstractUser):
    """A person who logs in. What they may see comes from their membership of a team."""

    class Meta:
        verbose_name = "utilisateur"

    def __str__(self) -> str:
        return self.get_full_name() or self.username
