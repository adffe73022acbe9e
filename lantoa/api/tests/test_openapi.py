"""/api/v1/openapi.json: the schema clients generate their code from."""

import pytest

pytestmark = pytest.mark.django_db


@pytest.fixture
def schema(client) -> dict:
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    return response.json()


def test_the_schema_is_openapi_3_and_names_the_api(schema):
    assert schema["openapi"].startswith("3.")
    assert schema["info"]["title"] == "Lan Tỏa API"
    assert schema["info"]["version"] == "1"


def test_the_schema_lists_the_directory_paths(schema):
    assert {
        "/api/v1/units/",
        "/api/v1/units/{code}/",
        "/api/v1/organisations/",
        "/api/v1/organisations/{organisation_id}/",
        "/api/v1/people/",
        "/api/v1/people/{person_id}/",
    } <= set(schema["paths"])
    assert set(schema["paths"]["/api/v1/people/{person_id}/"]) == {"get", "patch"}


def test_the_schema_marks_people_as_needing_a_token_and_units_as_public(schema):
    people = schema["paths"]["/api/v1/people/"]["get"]
    units = schema["paths"]["/api/v1/units/"]["get"]

    assert people["security"]
    assert "security" not in units
    schemes = schema["components"]["securitySchemes"]
    assert any(scheme.get("scheme") == "bearer" for scheme in schemes.values())


def test_the_public_unit_schema_has_no_contact_fields(schema):
    unit_fields = set(schema["components"]["schemas"]["UnitOut"]["properties"])
    organisation_fields = set(
        schema["components"]["schemas"]["ExternalOrganisationOut"]["properties"]
    )

    assert not {"email", "phone", "people", "contacts"} & (unit_fields | organisation_fields)


def test_the_interactive_docs_are_served(client):
    assert client.get("/api/v1/docs").status_code == 200
