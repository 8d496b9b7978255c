from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "assure.accounts"
    label = "accounts"
    verbose_name = "Accounts and access"

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from assure.accounts.models import User

        if not auditlog.contains(User):
            # Who switched an account on or off, or linked it to someone; never the password hash.
            auditlog.register(User, include_fields=["email", "is_active", "is_staff", "is_superuser", "staff"])
