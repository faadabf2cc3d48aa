"""Form widgets every app's forms share."""

from django import forms


class DateInput(forms.DateInput):
    """The browser's date picker; the value in ISO form, which is what it reads and sends."""

    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)
