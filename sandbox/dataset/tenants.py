"""The three demo mutuelles of the sandbox and where their members mostly live."""

from __future__ import annotations

from sandbox.dataset.records import Tenant

TENANTS: tuple[Tenant, ...] = (
    Tenant(
        id="azur",
        name="Mutuelle Azur Santé",
        platform="cimut",
        networks=("santeclair", "kalixia"),
        amc_number="784500011",
        member_prefix="1",
    ),
    Tenant(
        id="bocage",
        name="Mutuelle du Bocage",
        platform="cegedim",
        networks=("kalixia",),
        amc_number="784500029",
        member_prefix="2",
    ),
    Tenant(
        id="cevennes",
        name="Mutuelle des Cévennes",
        platform="cegedim",
        networks=("santeclair",),
        amc_number="784500037",
        member_prefix="3",
    ),
)

# Short code used in offer codes and document ids ("AZ-CONF").
TENANT_CODES: dict[str, str] = {"azur": "AZ", "bocage": "BO", "cevennes": "CE"}

# Departments where most of a tenant's members live (the rest live anywhere in the table):
# a regional mutuelle recruits around its seat.
HOME_DEPARTMENTS: dict[str, tuple[str, ...]] = {
    "azur": ("06", "83", "13", "84", "2A", "2B", "75", "92"),
    "bocage": ("14", "50", "61", "76", "35", "29"),
    "cevennes": ("30", "48", "34", "12", "63", "43"),
}

TENANTS_BY_ID: dict[str, Tenant] = {tenant.id: tenant for tenant in TENANTS}
