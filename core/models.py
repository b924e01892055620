from __future__ import annotations

from typing import Any, ClassVar

from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.db import models
from django.utils import timezone


class Role(models.TextChoices):
    ADMIN = "admin", "Admin"
    MEMBER = "member", "Member"


class UserManager(BaseUserManager["User"]):
    def create_user(
        self, email: str, password: str | None = None, **extra: Any
    ) -> User:
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(
        self, email: str, password: str | None = None, **extra: Any
    ) -> User:
        # `manage.py createsuperuser` lands here: a superuser is simply an admin.
        extra["role"] = Role.ADMIN
        return self.create_user(email, password, **extra)


class User(AbstractBaseUser):
    """A person who signs in with an email address; `admin` manages users and settings."""

    email = models.EmailField(unique=True)
    role = models.CharField(max_length=16, choices=Role.choices, default=Role.MEMBER)
    is_active = models.BooleanField(default=True)
    date_joined = models.DateTimeField(default=timezone.now)
    # Deleting keeps the row (anonymised, inactive) so runs, comments and activity stay
    # attributed to "deleted user" rather than looking written by Tripwire itself.
    deleted = models.DateTimeField(null=True, blank=True)

    objects: ClassVar[UserManager] = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: ClassVar[list[str]] = []

    class Meta:
        ordering = ("id",)

    def __str__(self) -> str:
        return self.email

    @property
    def is_admin(self) -> bool:
        return self.role == Role.ADMIN

    @property
    def shown_as(self) -> str:
        """How pages and the API name this user as an author or actor."""
        return "deleted user" if self.deleted else self.email

    # The Django admin asks for these; admins may do everything there, members nothing.
    @property
    def is_staff(self) -> bool:
        return self.is_active and self.is_admin

    @property
    def is_superuser(self) -> bool:
        return self.is_staff

    def has_perm(self, perm: str, obj: object = None) -> bool:
        return self.is_staff

    def has_module_perms(self, app_label: str) -> bool:
        return self.is_staff


class ApiToken(models.Model):
    """A long-lived `tw_…` credential for CI and scripts; only its SHA-256 is stored."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(max_length=100, blank=True)
    prefix = models.CharField(max_length=16)
    token_hash = models.CharField(max_length=64, unique=True)
    created = models.DateTimeField(auto_now_add=True)
    last_used = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ("-created", "-id")

    def __str__(self) -> str:
        return f"{self.prefix}… ({self.name or 'unnamed'})"


class Invite(models.Model):
    """A one-time link an admin sends so someone can join with a role; only its SHA-256 is kept."""

    email = models.EmailField()
    role = models.CharField(max_length=16, choices=Role.choices, default=Role.MEMBER)
    token_hash = models.CharField(max_length=64, unique=True)
    invited_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created = models.DateTimeField(default=timezone.now)
    expires = models.DateTimeField()
    accepted = models.DateTimeField(null=True, blank=True)
    revoked = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ("-created", "-id")

    def __str__(self) -> str:
        return f"invite for {self.email} as {self.role}"

    @property
    def pending(self) -> bool:
        return (
            self.accepted is None
            and self.revoked is None
            and self.expires > timezone.now()
        )


class LoginAttempt(models.Model):
    """One sign-in attempt, by client address (`ip:…`) or account (`account:…`); failed ones stay
    for the window, so the limit holds across processes."""

    key = models.CharField(max_length=320)
    created = models.DateTimeField(default=timezone.now)

    class Meta:
        indexes: ClassVar[list[models.Index]] = [
            models.Index(fields=["key", "created"])
        ]

    def __str__(self) -> str:
        return f"{self.key} at {self.created:%Y-%m-%d %H:%M:%S}"


class InstanceSettings(models.Model):
    """The single row of instance-wide settings; a row lock on it also serialises first-run setup."""

    singleton = models.PositiveSmallIntegerField(
        primary_key=True, default=1, editable=False
    )
    updated = models.DateTimeField(auto_now=True)

    # Integration settings (SPEC §7.4). "" means "use the environment default" (the upper-case
    # setting of the same name). Read them through core.selectors.instance_settings_get(), which
    # applies those defaults and decrypts the secrets; write them through
    # core.settings_services.instance_settings_update(), which validates and encrypts.
    # Secret columns (SECRET_FIELDS) hold Fernet tokens from core.crypto, never the value.
    llm_base_url = models.CharField(max_length=500, blank=True, default="")
    llm_model = models.CharField(max_length=200, blank=True, default="")
    llm_api_key = models.TextField(blank=True, default="")
    file_issues = models.CharField(max_length=100, blank=True, default="")
    github_token = models.TextField(blank=True, default="")
    github_repo = models.CharField(max_length=200, blank=True, default="")
    github_api_url = models.CharField(max_length=500, blank=True, default="")
    gitlab_token = models.TextField(blank=True, default="")
    gitlab_project = models.CharField(max_length=300, blank=True, default="")
    gitlab_url = models.CharField(max_length=500, blank=True, default="")
    jira_base = models.CharField(max_length=500, blank=True, default="")
    jira_email = models.CharField(max_length=254, blank=True, default="")
    jira_token = models.TextField(blank=True, default="")
    jira_project = models.CharField(max_length=100, blank=True, default="")
    slack_webhook_url = models.TextField(blank=True, default="")
    teams_webhook_url = models.TextField(blank=True, default="")
    notify_on = models.CharField(max_length=16, blank=True, default="")
    log_backend = models.CharField(max_length=16, blank=True, default="")
    loki_url = models.CharField(max_length=500, blank=True, default="")
    loki_selector = models.CharField(max_length=500, blank=True, default="")
    log_file_path = models.CharField(max_length=1000, blank=True, default="")
    log_http_url = models.CharField(max_length=1000, blank=True, default="")
    datadog_api_url = models.CharField(max_length=500, blank=True, default="")
    datadog_api_key = models.TextField(blank=True, default="")
    datadog_app_key = models.TextField(blank=True, default="")
    datadog_query = models.CharField(max_length=500, blank=True, default="")
    elasticsearch_url = models.CharField(max_length=500, blank=True, default="")
    elasticsearch_index = models.CharField(max_length=300, blank=True, default="")
    elasticsearch_api_key = models.TextField(blank=True, default="")
    elasticsearch_trace_field = models.CharField(max_length=200, blank=True, default="")
    public_base_url = models.CharField(max_length=500, blank=True, default="")

    class Meta:
        verbose_name_plural = "instance settings"

    def __str__(self) -> str:
        return "Instance settings"
