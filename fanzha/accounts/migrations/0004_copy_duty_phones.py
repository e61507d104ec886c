# Copy every alerts.DutyPhone row onto its user (the sealed values as they are: no decryption),
# and back when reversed. A mask without a number behind it (the old plain column, never filled
# by the platform) is cleared: it would show a phone that no SMS can reach.

from django.db import migrations

FIELDS = ("duty_phone_cipher", "duty_phone_index", "duty_phone_mask")


def copy_to_users(User, rows):
    """``rows``: (user_id, cipher, index, mask) of the old duty phones; returns users updated."""
    User.objects.exclude(duty_phone_cipher="", duty_phone_mask="").update(
        duty_phone_cipher="", duty_phone_index="", duty_phone_mask=""
    )
    users = []
    for user_id, cipher, index, mask in rows:
        users.append(
            User(pk=user_id, duty_phone_cipher=cipher, duty_phone_index=index, duty_phone_mask=mask)
        )
    User.objects.bulk_update(users, FIELDS, batch_size=500)
    return len(users)


def rows_from_users(User):
    """The reverse: (user_id, cipher, index, mask) of every user keeping a duty phone."""
    return list(
        User.objects.exclude(duty_phone_cipher="")
        .order_by("pk")
        .values_list("pk", *FIELDS)
    )


def forward(apps, schema_editor):
    DutyPhone = apps.get_model("alerts", "DutyPhone")
    User = apps.get_model("accounts", "User")
    rows = DutyPhone.objects.values_list("user_id", "phone_cipher", "phone_index", "phone_mask")
    copy_to_users(User, list(rows))


def backward(apps, schema_editor):
    DutyPhone = apps.get_model("alerts", "DutyPhone")
    User = apps.get_model("accounts", "User")
    DutyPhone.objects.all().delete()
    DutyPhone.objects.bulk_create(
        [
            DutyPhone(user_id=pk, phone_cipher=cipher, phone_index=index, phone_mask=mask)
            for pk, cipher, index, mask in rows_from_users(User)
        ],
        batch_size=500,
    )
    User.objects.exclude(duty_phone_cipher="").update(
        duty_phone_cipher="", duty_phone_index="", duty_phone_mask=""
    )


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0003_user_duty_phone"),
        ("alerts", "0002_duty_phone"),
    ]

    operations = [migrations.RunPython(forward, backward)]
