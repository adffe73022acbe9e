"""The task-evidence seam: another app's published records show under the tasks they serve."""

from datetime import date

import pytest
from django.urls import reverse

from lantoa.plans.evidence import (
    EvidenceItem,
    register_task_evidence,
    task_evidence_for_plan,
    unregister_task_evidence,
)


@pytest.fixture
def articles_provider(plan):
    task = plan.nodes.get(path="III.1.a")

    def provider(for_plan):
        assert for_plan == plan
        return {
            task.pk: [
                EvidenceItem("Tin cũ về Nghị quyết 57", "/tin-cu/", "article", date(2025, 11, 20)),
                EvidenceItem(
                    "Tin mới về chuyển đổi số", "/tin-moi/", "article", date(2025, 11, 28)
                ),
            ]
        }

    register_task_evidence(name="test.articles", provider=provider)
    yield task
    unregister_task_evidence("test.articles")


def test_evidence_is_merged_per_task_newest_first(plan, articles_provider):
    evidence = task_evidence_for_plan(plan)
    assert [item.url for item in evidence[articles_provider.pk]] == ["/tin-moi/", "/tin-cu/"]


def test_dashboard_lists_the_records_serving_a_task(client, leader, plan, articles_provider):
    client.force_login(leader)
    response = client.get(reverse("plans_dashboard"))
    content = response.content.decode()
    assert 'href="/tin-moi/"' in content
    assert "Tin mới về chuyển đổi số" in content


def test_no_provider_means_no_evidence(plan):
    assert task_evidence_for_plan(plan) == {}
