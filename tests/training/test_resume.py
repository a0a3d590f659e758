from django.urls import reverse

from tests.training.factories import ContractFactory
from tremplin.training.models import Contract


def test_an_ended_contract_cannot_be_resumed(client, group, coordinator):
    contract = ContractFactory(group=group)
    Contract.objects.filter(pk=contract.pk).update(
        status=Contract.Status.ENDED, actual_end_date=contract.start_date
    )
    client.force_login(coordinator)
    response = client.post(reverse("centre:training:resume", args=[contract.pk]), follow=True)
    assert response.status_code == 200
    assert "Ce contrat est terminé." in response.content.decode()
    contract.refresh_from_db()
    assert contract.status == Contract.Status.ENDED
