from __future__ import annotations

from rest_framework import serializers

from core.api.strict import StrictJson
from core.models import ApiToken, Invite, Role, User


class ErrorSerializer(serializers.Serializer[None]):
    """The one error shape (extra keys such as `errors` appear where relevant)."""

    type = serializers.CharField()
    detail = serializers.CharField()
    errors = serializers.ListField(  # type: ignore[assignment]  # a field, not Serializer.errors
        child=serializers.DictField(), required=False
    )


class UserSerializer(serializers.ModelSerializer[User]):
    class Meta:
        model = User
        fields = ("id", "email", "role", "is_active", "date_joined")
        read_only_fields = fields


class CredentialsSerializer(StrictJson, serializers.Serializer[None]):
    email = serializers.CharField(max_length=254)
    password = serializers.CharField(max_length=512, trim_whitespace=False)


class AccountSerializer(StrictJson, serializers.Serializer[None]):
    """A new account's credentials (sign-in takes any string: a wrong one is simply a 401)."""

    email = serializers.EmailField(max_length=254)
    password = serializers.CharField(
        max_length=512,
        trim_whitespace=False,
        help_text="At least 8 characters; not common, not all digits, not like the email.",
    )


class UserCreateSerializer(AccountSerializer):
    role = serializers.ChoiceField(choices=Role.choices, default=Role.MEMBER)


class UserUpdateSerializer(StrictJson, serializers.Serializer[None]):
    role = serializers.ChoiceField(choices=Role.choices, required=False)
    is_active = serializers.BooleanField(required=False)


class PasswordChangeSerializer(StrictJson, serializers.Serializer[None]):
    old_password = serializers.CharField(max_length=512, trim_whitespace=False)
    new_password = serializers.CharField(max_length=512, trim_whitespace=False)


class SessionSerializer(serializers.Serializer[None]):
    token = serializers.CharField(help_text="A session JWT for Authorization: Bearer.")
    user = UserSerializer()


class SetupStatusSerializer(serializers.Serializer[None]):
    needs_setup = serializers.BooleanField()


class TokenCreateSerializer(StrictJson, serializers.Serializer[None]):
    name = serializers.CharField(
        max_length=100, required=False, allow_blank=True, default=""
    )


class ApiTokenSerializer(serializers.ModelSerializer[ApiToken]):
    class Meta:
        model = ApiToken
        fields: tuple[str, ...] = ("id", "name", "prefix", "created", "last_used")
        read_only_fields: tuple[str, ...] = fields


class ApiTokenCreatedSerializer(ApiTokenSerializer):
    token = serializers.CharField(help_text="The raw tw_ token. Shown this once only.")

    class Meta(ApiTokenSerializer.Meta):
        fields = (*ApiTokenSerializer.Meta.fields, "token")
        read_only_fields = fields


class HealthSerializer(serializers.Serializer[None]):
    status = serializers.CharField()


class ReadySerializer(serializers.Serializer[None]):
    status = serializers.CharField()
    checks = serializers.DictField(child=serializers.CharField())


class InviteSerializer(serializers.ModelSerializer[Invite]):
    invited_by = serializers.SerializerMethodField(
        help_text="The inviting admin's email; null when that account is gone."
    )

    class Meta:
        model = Invite
        fields: tuple[str, ...] = (
            "id",
            "email",
            "role",
            "invited_by",
            "created",
            "expires",
        )
        read_only_fields: tuple[str, ...] = fields

    def get_invited_by(self, invite: Invite) -> str | None:
        return invite.invited_by.shown_as if invite.invited_by else None


class InviteCreatedSerializer(InviteSerializer):
    link = serializers.CharField(
        help_text="The one-time link to give the invitee. Shown this once only."
    )
    mailed = serializers.BooleanField(help_text="Whether it was also sent by email.")

    class Meta(InviteSerializer.Meta):
        fields = (*InviteSerializer.Meta.fields, "link", "mailed")
        read_only_fields = fields


class InviteCreateSerializer(StrictJson, serializers.Serializer[None]):
    email = serializers.EmailField(max_length=254)
    role = serializers.ChoiceField(choices=Role.choices, default=Role.MEMBER)


class InviteInfoSerializer(serializers.Serializer[None]):
    email = serializers.EmailField()
    role = serializers.ChoiceField(choices=Role.choices)
    invited_by = serializers.CharField(allow_null=True)
    expires = serializers.DateTimeField()


class InviteAcceptSerializer(StrictJson, serializers.Serializer[None]):
    token = serializers.CharField(max_length=200)
    password = serializers.CharField(max_length=512, trim_whitespace=False)
