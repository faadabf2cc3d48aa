"""The journal in French (`audit/presenters.py`), whatever became of the objects it names."""

import pytest

from prevex.audit.models import AuditAction, AuditEntry
from prevex.audit.presenters import present


@pytest.mark.parametrize("target_type", ["situations.situation", "nothing.known", "accounts.user"])
def test_an_entry_about_an_object_that_is_gone_still_reads(team, coordinator, target_type):
    entry = AuditEntry.log(actor=coordinator, action=AuditAction.DELETE, target=coordinator)
    entry.target_type, entry.target_id = target_type, "00000000-0000-0000-0000-000000000000"  # not saved again
    (line,) = present([entry], coordinator)
    assert line.target.text and line.target.url == ""
