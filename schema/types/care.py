"""Health professionals of the tenant's care networks, and the networks' online services."""

from __future__ import annotations

import strawberry
from strawberry import relay

from adapters import port
from resolvers.ids import NodeKey
from schema.enums import Discipline, Network, Profession, ProfessionalIdKind, ServiceKind
from schema.types.common import PostalAddress


@strawberry.type(description="WGS 84 coordinates.")
class GeoPoint:
    latitude: float = strawberry.field(description="Latitude in degrees.")
    longitude: float = strawberry.field(description="Longitude in degrees.")


@strawberry.type(description="Membership of a care network (réseau de soins).")
class NetworkMembership:
    network: Network = strawberry.field(description="The network.")
    negotiated_tariffs: bool = strawberry.field(
        description="Partner with negotiated tariffs (tarifs négociés)."
    )


@strawberry.type(
    description="A health professional or establishment of the tenant's care networks "
    "(professionnel de santé), once even when in several networks."
)
class HealthProfessional(relay.Node):
    key: relay.NodeID[str]
    identifier: str = strawberry.field(description="RPPS, ADELI or FINESS number.")
    identifier_kind: ProfessionalIdKind = strawberry.field(description="Which identifier.")
    name: str = strawberry.field(description="Name or trade name.")
    profession: Profession | None = strawberry.field(
        description="Code profession; null for osteopaths."
    )
    profession_label: str = strawberry.field(description='Label, e.g. "Opticien-lunetier".')
    specialty_code: str | None = strawberry.field(description="Specialty code, when relevant.")
    discipline: Discipline = strawberry.field(description="Discipline (catégorie).")
    address: PostalAddress = strawberry.field(description="Where to go.")
    location: GeoPoint | None = strawberry.field(description="Coordinates, for maps.")
    phone: str | None = strawberry.field(description="Phone number.")
    networks: list[NetworkMembership] = strawberry.field(
        description="The tenant's networks this professional belongs to."
    )
    distance_km: float | None = strawberry.field(
        description="Distance from the searched location, in km; null outside a search."
    )

    @classmethod
    def of(
        cls, record: port.HealthProfessional, tenant: str, distance_km: float | None = None
    ) -> HealthProfessional:
        lat, lon = record.address.latitude, record.address.longitude
        return cls(
            key=NodeKey(tenant, "", record.id).encode(),
            identifier=record.id,
            identifier_kind=record.id_kind,
            name=record.name,
            profession=record.profession,
            profession_label=record.profession_label,
            specialty_code=record.specialty_code,
            discipline=record.discipline,
            address=PostalAddress.of(record.address),
            location=None if lat is None or lon is None else GeoPoint(latitude=lat, longitude=lon),
            phone=record.phone,
            networks=[
                NetworkMembership(network=m.network, negotiated_tariffs=m.negotiated_tariffs)
                for m in record.networks
            ],
            distance_km=distance_km,
        )


@strawberry.type(
    name="HealthProfessionalConnection",
    description="Professionals of every selected network, de-duplicated, nearest first.",
)
class HealthProfessionalConnection(relay.Connection[HealthProfessional]):
    unavailable_networks: list[Network] = strawberry.field(
        description="Networks that did not answer: their professionals are missing."
    )


@strawberry.input(
    description="Where to search: exactly one of a position (latitude and longitude), an "
    "address, or a postcode."
)
class LocationInput:
    latitude: float | None = strawberry.field(default=None, description="Latitude (WGS 84).")
    longitude: float | None = strawberry.field(default=None, description="Longitude (WGS 84).")
    address: str | None = strawberry.field(default=None, description="A postal address.")
    postcode: str | None = strawberry.field(default=None, description="A French postcode.")
    include_neighbouring_towns: bool = strawberry.field(
        default=False, description="With a postcode: also the neighbouring towns."
    )


@strawberry.type(description="A care network's online service linked from the portal.")
class ServiceLink:
    network: Network = strawberry.field(description="The network offering it.")
    kind: ServiceKind = strawberry.field(description="Geolocation, self-medication...")
    label: str = strawberry.field(description="Label to show.")
    url: str = strawberry.field(description="Where it is.")

    @classmethod
    def of(cls, record: port.ServiceLink) -> ServiceLink:
        return cls(network=record.network, kind=record.kind, label=record.label, url=record.url)
