# The duty phone now lives on the account (accounts.User.duty_phone_*); the rows were copied
# there by accounts 0004 first.

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("alerts", "0002_duty_phone"),
        ("accounts", "0004_copy_duty_phones"),
    ]

    operations = [
        migrations.DeleteModel(
            name="DutyPhone",
        ),
    ]
