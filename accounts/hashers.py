from django.contrib.auth.hashers import Argon2PasswordHasher


class OwaspArgon2PasswordHasher(Argon2PasswordHasher):
    """Argon2id at the OWASP minimum: 19 MiB, two passes, one lane.

    Django's PBKDF2 default costs about 370 ms a login here; this costs a
    fraction of that while staying memory-hard. The algorithm name is Django's,
    so hashes with other parameters are upgraded at the next login.
    """

    memory_cost = 19 * 1024
    time_cost = 2
    parallelism = 1
