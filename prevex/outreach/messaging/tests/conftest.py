import pytest

from prevex.outreach.messaging import delivery
from prevex.outreach.messaging.tests.fake_provider import BREVO_SENT, OVH_SENT, Answer, FakeProvider
from prevex.situations.tests.factories import SituationFactory


@pytest.fixture(autouse=True)
def messaging_settings(settings, tmp_path):
    settings.PREVEX_PUBLIC_URL = "https://prevex.example"
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    settings.PREVEX_SMS_BACKEND = "prevex.outreach.sms.file.FileBackend"
    settings.PREVEX_SMS_FILE_PATH = str(tmp_path / "sms")
    settings.PREVEX_SMS_WEBHOOK_SECRET = "prevex:webhook-secret"
    settings.PREVEX_SMS_TIMEOUT = 2
    delivery._backends.clear()
    yield
    delivery._backends.clear()


@pytest.fixture
def fake_provider():
    with FakeProvider() as provider:
        yield provider


@pytest.fixture
def brevo(settings, fake_provider):
    settings.PREVEX_SMS_BACKEND = "prevex.outreach.sms.brevo.BrevoBackend"
    settings.PREVEX_SMS_BREVO_API_URL = fake_provider.url + "/v3"
    settings.PREVEX_SMS_BREVO_API_KEY = "brevo-key"
    fake_provider.default = Answer(201, BREVO_SENT)
    return fake_provider


@pytest.fixture
def ovh(settings, fake_provider):
    settings.PREVEX_SMS_BACKEND = "prevex.outreach.sms.ovh.OvhBackend"
    settings.PREVEX_SMS_OVH_ENDPOINT = fake_provider.url + "/1.0"
    settings.PREVEX_SMS_OVH_SERVICE_NAME = "sms-ab12345-1"
    settings.PREVEX_SMS_OVH_APPLICATION_KEY = "app-key"
    settings.PREVEX_SMS_OVH_APPLICATION_SECRET = "app-secret"
    settings.PREVEX_SMS_OVH_CONSUMER_KEY = "consumer-key"
    fake_provider.default = Answer(200, OVH_SENT)
    return fake_provider


@pytest.fixture
def household(team):
    return SituationFactory(team=team, phone="+33612345678", email="helene.dupont@example.org")
