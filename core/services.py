"""Users, API tokens, sign-in: every write with a rule behind it."""

from __future__ import annotations

import hashlib
import logging
import secrets
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import authenticate
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.mail import send_mail
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.utils import timezone
from rest_framework_simplejwt.tokens import AccessToken

from core.exceptions import (
    Conflict,
    InvalidCredentials,
    NotFound,
    RateLimited,
    ValidationFailed,
)
from core.models import ApiToken, InstanceSettings, Invite, LoginAttempt, Role, User

logger = logging.getLogger(__name__)

TOKEN_PREFIX = "tw_"
LOGIN_FAILURE_LIMIT = 10
LOGIN_FAILURE_WINDOW = timedelta(minutes=5)


@dataclass(frozen=True)
class IssuedToken:
    token: ApiToken
    raw: str


def token_hash(raw: str) -> str:
    # Tokens carry 256 random bits, so a fast hash is enough: there is nothing to brute-force.
    return hashlib.sha256(raw.encode("utf-8")).hexdigest()


def session_token_for(user: User) -> str:
    return str(AccessToken.for_user(user))


def _clean_email(email: str) -> str:
    email = (email or "").strip().lower()
    try:
        validate_email(email)
    except DjangoValidationError:
        raise ValidationFailed(
            "Enter a valid email address.",
            errors=[{"path": "email", "message": "Enter a valid email address."}],
        ) from None
    return email


def _check_password(password: str, *, email: str) -> None:
    try:
        validate_password(password, user=User(email=email))
    except DjangoValidationError as exc:
        messages = list(exc.messages)
        raise ValidationFailed(
            " ".join(messages),
            errors=[{"path": "password", "message": m} for m in messages],
        ) from None


def user_create(*, email: str, password: str, role: str = Role.MEMBER) -> User:
    email = _clean_email(email)
    if role not in Role.values:
        raise ValidationFailed(
            f"role must be one of {', '.join(Role.values)}.",
            errors=[
                {"path": "role", "message": f"must be one of {', '.join(Role.values)}"}
            ],
        )
    _check_password(password, email=email)
    try:
        with transaction.atomic():
            return User.objects.create_user(email=email, password=password, role=role)
    except IntegrityError:
        raise ValidationFailed(
            "A user with this email already exists.",
            errors=[
                {"path": "email", "message": "A user with this email already exists."}
            ],
        ) from None


class LastAdmin(Conflict):
    type = "last_admin"


class OwnAccount(Conflict):
    type = "own_account"


def _not_yourself(actor: User | None, user: User, what: str) -> None:
    # Another admin does it: one click must not lock the person clicking out.
    if actor is not None and actor.pk == user.pk:
        raise OwnAccount(f"You cannot {what} your own account; another admin can.")


def _keep_an_admin(user: User) -> None:
    """Refuse to take away the only active admin: nobody could manage the instance after."""
    others = User.objects.filter(
        role=Role.ADMIN, is_active=True, deleted__isnull=True
    ).exclude(pk=user.pk)
    if user.is_admin and user.is_active and not others.exists():
        raise LastAdmin(
            f"{user.email} is the last admin; make someone else admin first."
        )


def user_get(*, user_id: int) -> User:
    found = User.objects.filter(pk=user_id, deleted__isnull=True).first()
    if found is None:
        raise NotFound(f"No user {user_id}.")
    return found


def user_update(
    *,
    user: User,
    actor: User | None = None,
    role: str | None = None,
    is_active: bool | None = None,
) -> User:
    """Change a user's role or switch the account off and on again.

    An inactive account is refused on its next request, by session or token alike; the rows
    are locked so two admins demoting each other at once cannot leave the instance without one.
    """
    if role is not None and role not in Role.values:
        raise ValidationFailed(
            f"role must be one of {', '.join(Role.values)}.",
            errors=[
                {"path": "role", "message": f"must be one of {', '.join(Role.values)}"}
            ],
        )
    with transaction.atomic():
        list(User.objects.select_for_update().filter(role=Role.ADMIN))
        user.refresh_from_db()
        if is_active is False:
            _not_yourself(actor, user, "switch off")
        if role == Role.MEMBER and user.is_admin:
            _not_yourself(actor, user, "demote")
        if role == Role.MEMBER or is_active is False:
            _keep_an_admin(user)
        if role is not None:
            user.role = role
        if is_active is not None:
            user.is_active = is_active
        user.save(update_fields=["role", "is_active"])
    return user


def user_delete(*, user: User, actor: User | None = None) -> None:
    """Remove an account: it can no longer sign in and its email is free again.

    The row stays, anonymised, so what the user did stays attributed to "deleted user".
    """
    with transaction.atomic():
        list(User.objects.select_for_update().filter(role=Role.ADMIN))
        user.refresh_from_db()
        _not_yourself(actor, user, "remove")
        _keep_an_admin(user)
        ApiToken.objects.filter(user=user).delete()
        user.email = f"deleted-{user.pk}-{secrets.token_hex(4)}@users.invalid"
        user.role = Role.MEMBER
        user.is_active = False
        user.deleted = timezone.now()
        user.set_unusable_password()
        user.save()


@dataclass(frozen=True)
class IssuedInvite:
    invite: Invite
    link: str
    mailed: bool


def invite_create(
    *, invited_by: User, email: str, role: str = Role.MEMBER
) -> IssuedInvite:
    """A one-time link for `email` to join as `role`, valid INVITE_DAYS; mailed when SMTP is set."""
    email = _clean_email(email)
    if role not in Role.values:
        raise ValidationFailed(
            f"role must be one of {', '.join(Role.values)}.",
            errors=[
                {"path": "role", "message": f"must be one of {', '.join(Role.values)}"}
            ],
        )
    if User.objects.filter(email=email).exists():
        raise ValidationFailed(
            "A user with this email already exists.",
            errors=[
                {"path": "email", "message": "A user with this email already exists."}
            ],
        )
    raw = secrets.token_urlsafe(32)
    now = timezone.now()
    invite = Invite.objects.create(
        email=email,
        role=role,
        token_hash=token_hash(raw),
        invited_by=invited_by,
        created=now,
        expires=now + timedelta(days=settings.INVITE_DAYS),
    )
    link = f"{str(settings.PUBLIC_BASE_URL).rstrip('/')}/accept-invite?token={raw}"
    return IssuedInvite(invite=invite, link=link, mailed=_mail_invite(invite, link))


def _mail_invite(invite: Invite, link: str) -> bool:
    if not settings.EMAIL_HOST:
        return False
    inviter = invite.invited_by.email if invite.invited_by else "An admin"
    try:
        send_mail(
            "You are invited to Tripwire",
            f"{inviter} invited you to Tripwire as {invite.role}.\n\n"
            f"Choose a password here (the link works once, for "
            f"{settings.INVITE_DAYS} days):\n{link}\n",
            None,
            [invite.email],
        )
    except Exception as exc:  # the link is shown to the admin anyway
        logger.warning("Could not mail the invite for %s: %s", invite.email, exc)
        return False
    return True


def invite_pending(*, raw: str) -> Invite:
    """The invite behind a link, while it can still be used; else why not."""
    invite = (
        Invite.objects.select_related("invited_by")
        .filter(token_hash=token_hash(raw or ""))
        .first()
    )
    if invite is None:
        raise NotFound("This invite link is not valid.")
    if invite.accepted is not None:
        raise Conflict("This invite was used already: sign in instead.")
    if invite.revoked is not None:
        raise Conflict("This invite was withdrawn: ask an admin for a new one.")
    if invite.expires <= timezone.now():
        raise Conflict("This invite has expired: ask an admin for a new one.")
    return invite


def invite_accept(*, raw: str, password: str) -> User:
    """Create the invited account; the link works once, even when two tabs submit together."""
    invite = invite_pending(raw=raw)
    _check_password(password, email=invite.email)
    with transaction.atomic():
        claimed = Invite.objects.filter(
            pk=invite.pk, accepted__isnull=True, revoked__isnull=True
        ).update(accepted=timezone.now())
        if not claimed:
            raise Conflict("This invite was used already: sign in instead.")
        try:
            with transaction.atomic():
                return User.objects.create_user(
                    email=invite.email, password=password, role=invite.role
                )
        except IntegrityError:
            raise Conflict(
                "A user with this email exists already: sign in instead."
            ) from None


def invite_revoke(*, invite_id: int) -> None:
    revoked = Invite.objects.filter(
        pk=invite_id, accepted__isnull=True, revoked__isnull=True
    ).update(revoked=timezone.now())
    if not revoked:
        raise NotFound(f"No pending invite {invite_id}.")


def invites_pending() -> QuerySet[Invite]:
    return Invite.objects.filter(
        accepted__isnull=True, revoked__isnull=True, expires__gt=timezone.now()
    ).select_related("invited_by")


def password_change(*, user: User, old_password: str, new_password: str) -> User:
    """Set a new password; every other session and session token of the user ends with it."""
    if not user.check_password(old_password or ""):
        raise ValidationFailed(
            "The current password is wrong.",
            errors=[
                {"path": "old_password", "message": "The current password is wrong."}
            ],
        )
    try:
        _check_password(new_password, email=user.email)
    except ValidationFailed as exc:
        raise ValidationFailed(
            exc.detail,
            errors=[
                {"path": "new_password", "message": e["message"]}
                for e in exc.extra["errors"]
            ],
        ) from None
    user.set_password(new_password)
    user.save(update_fields=["password"])
    return user


def setup_needed() -> bool:
    admin_seed_from_env()
    return not User.objects.exists()


def setup_create_admin(*, email: str, password: str) -> User:
    """Create the first admin; only while the instance has no user at all.

    Two concurrent calls must not both succeed: the row lock on the settings singleton
    serialises them on PostgreSQL, and SQLite's IMMEDIATE transactions do the same there.
    """
    email = _clean_email(email)
    _check_password(password, email=email)
    InstanceSettings.objects.get_or_create(singleton=1)
    with transaction.atomic():
        InstanceSettings.objects.select_for_update().get(singleton=1)
        if User.objects.exists():
            raise Conflict("This instance is already set up: sign in instead.")
        return User.objects.create_user(email=email, password=password, role=Role.ADMIN)


def admin_seed_from_env() -> User | None:
    """Create the admin named by TRIPWIRE_ADMIN_EMAIL/PASSWORD when the instance has no user."""
    email, password = settings.ADMIN_EMAIL, settings.ADMIN_PASSWORD
    if not email or not password or User.objects.exists():
        return None
    try:
        user = setup_create_admin(email=email, password=password)
    except Conflict:
        return None
    except ValidationFailed as exc:
        logger.error(
            "TRIPWIRE_ADMIN_EMAIL/TRIPWIRE_ADMIN_PASSWORD rejected: %s", exc.detail
        )
        return None
    logger.info("Seeded the first admin %s from the environment", user.email)
    return user


def login(*, email: str, password: str, ip: str) -> User:
    """Check credentials: the one sign-in of the API, the pages and the admin.

    At most LOGIN_FAILURE_LIMIT attempts per client address and per account in the window. The
    attempt is written (and committed) before the count, so each of a burst of concurrent
    attempts sees at least every one committed before it: no more than the limit get their
    password checked, however many arrive at once. A successful attempt is taken back.
    """
    admin_seed_from_env()
    account = (email or "").strip().lower()
    now = timezone.now()
    since = now - LOGIN_FAILURE_WINDOW
    keys = {"address": f"ip:{ip}", "account": f"account:{account}"}
    mine = [LoginAttempt.objects.create(key=key, created=now) for key in keys.values()]
    for what, key in keys.items():
        recent = LoginAttempt.objects.filter(key=key, created__gte=since)
        if recent.count() > LOGIN_FAILURE_LIMIT:
            oldest = recent.order_by("created").values_list("created", flat=True)[0]
            wait = LOGIN_FAILURE_WINDOW - (timezone.now() - oldest)
            retry_after = max(1, int(wait.total_seconds()) + 1)
            raise RateLimited(
                f"Too many sign-in attempts for this {what}; try again in "
                f"{retry_after} s.",
                retry_after=retry_after,
            )
    user = authenticate(username=account, password=password or "")
    if not isinstance(user, User):
        LoginAttempt.objects.filter(created__lt=since).delete()
        raise InvalidCredentials("Wrong email or password.")
    LoginAttempt.objects.filter(pk__in=[attempt.pk for attempt in mine]).delete()
    return user


def api_token_create(*, user: User, name: str = "") -> IssuedToken:
    raw = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=user, name=name.strip()[:100], prefix=raw[:11], token_hash=token_hash(raw)
    )
    return IssuedToken(token=token, raw=raw)


def api_token_revoke(*, user: User, token_id: int) -> None:
    deleted, _ = ApiToken.objects.filter(user=user, id=token_id).delete()
    if not deleted:
        raise NotFound(f"No API token {token_id}.")


def api_token_authenticate(raw: str) -> User | None:
    token = (
        ApiToken.objects.select_related("user")
        .filter(token_hash=token_hash(raw))
        .first()
    )
    if token is None or not token.user.is_active:
        return None
    now = timezone.now()
    # Write last_used at most once a minute: a busy CI token should not turn every read into a write.
    if token.last_used is None or now - token.last_used > timedelta(minutes=1):
        ApiToken.objects.filter(id=token.id).update(last_used=now)
    return token.user
