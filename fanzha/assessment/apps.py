from django.apps import AppConfig


class AssessmentConfig(AppConfig):
    name = "fanzha.assessment"
    label = "assessment"
