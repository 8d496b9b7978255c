"""The roles a person can hold in Assure. Framework-free: plain data, used by models and access."""

from __future__ import annotations

from enum import StrEnum


class RoleCode(StrEnum):
    PRACTITIONER = "practitioner"
    ADVANCED_PRACTITIONER = "advanced_practitioner"
    TEAM_MANAGER = "team_manager"
    HEAD_OF_SERVICE = "head_of_service"
    ASSISTANT_DIRECTOR = "assistant_director"
    DIRECTOR = "director"
    IRO = "iro"
    PERFORMANCE_QA = "performance_qa"
    BUSINESS_SUPPORT = "business_support"
    HR_BUSINESS_PARTNER = "hr_business_partner"
    COMPLAINTS_OFFICER = "complaints_officer"
    RISK_OWNER = "risk_owner"
    BOARD_MEMBER = "board_member"
    SYSTEM_ADMINISTRATOR = "system_administrator"


ROLE_LABELS: dict[RoleCode, str] = {
    RoleCode.PRACTITIONER: "Practitioner",
    RoleCode.ADVANCED_PRACTITIONER: "Advanced practitioner",
    RoleCode.TEAM_MANAGER: "Team manager",
    RoleCode.HEAD_OF_SERVICE: "Head of service",
    RoleCode.ASSISTANT_DIRECTOR: "Assistant director",
    RoleCode.DIRECTOR: "Director of children's services",
    RoleCode.IRO: "Independent reviewing officer or conference chair",
    RoleCode.PERFORMANCE_QA: "Performance and quality assurance officer",
    RoleCode.BUSINESS_SUPPORT: "Business support",
    RoleCode.HR_BUSINESS_PARTNER: "HR business partner",
    RoleCode.COMPLAINTS_OFFICER: "Complaints officer",
    RoleCode.RISK_OWNER: "Risk owner",
    RoleCode.BOARD_MEMBER: "Board member or councillor",
    RoleCode.SYSTEM_ADMINISTRATOR: "System administrator",
}

# Roles whose holders see the whole authority's child-level data.
AUTHORITY_WIDE_ROLES = frozenset({RoleCode.PERFORMANCE_QA, RoleCode.DIRECTOR, RoleCode.ASSISTANT_DIRECTOR})
# Roles that see the children of the teams they belong to.
TEAM_ROLES = frozenset(
    {
        RoleCode.PRACTITIONER,
        RoleCode.ADVANCED_PRACTITIONER,
        RoleCode.TEAM_MANAGER,
        RoleCode.IRO,
        RoleCode.BUSINESS_SUPPORT,
    }
)
# Roles that see only aggregates, with small numbers suppressed.
AGGREGATE_ONLY_ROLES = frozenset({RoleCode.BOARD_MEMBER})
