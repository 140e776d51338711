import pytest
from tests.factories import make_call, schedule_around, CapsuleFactory, make_guide
@pytest.mark.django_db
def test_smoke(client, site):
    call = make_call(phases=schedule_around())
    CapsuleFactory(); make_guide()
    r = client.get("/")
    assert r.status_code == 200, r.content[:3000]
    assert "Proyectos Ciudadanos" in r.content.decode()
    r = client.get(call.url)
    assert r.status_code == 200
    r = client.get("/convocatorias/"); assert r.status_code == 200
    r = client.get("/aprende/"); assert r.status_code == 200
    r = client.get("/buscar/?q=ciudadanos"); assert r.status_code == 200; assert "Proyectos Ciudadanos" in r.content.decode()
    r = client.get("/en/"); assert r.status_code == 200
