# The staff member's own mobile number moves onto the account as a sealed phone (cipher, blind
# index, mask). The old plain ``phone_mask`` column (never filled) becomes the duty phone's mask.

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0002_initial"),
    ]

    operations = [
        migrations.RenameField(
            model_name="user",
            old_name="phone_mask",
            new_name="duty_phone_mask",
        ),
        migrations.AlterField(
            model_name="user",
            name="duty_phone_mask",
            field=models.CharField(
                blank=True, editable=False, max_length=20, verbose_name="duty phone"
            ),
        ),
        migrations.AddField(
            model_name="user",
            name="duty_phone_cipher",
            field=models.TextField(blank=True, default="", editable=False),
        ),
        migrations.AddField(
            model_name="user",
            name="duty_phone_index",
            field=models.CharField(blank=True, default="", editable=False, max_length=32),
        ),
    ]
