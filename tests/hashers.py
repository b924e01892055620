from django.contrib.auth.hashers import Argon2PasswordHasher


class QuickArgon2PasswordHasher(Argon2PasswordHasher):
    """Still argon2, with a small memory cost so hundreds of test logins stay fast."""

    memory_cost = 1024
    parallelism = 1
