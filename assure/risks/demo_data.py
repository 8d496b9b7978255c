"""The demo divisional register's risks, one or more for each category of the customer's register.

Written for Assure; the categories and the shape of each row follow the customer's divisional register.
"""

from __future__ import annotations

from typing import Any

# (reference, category, title, cause, consequence, (impact, likelihood), (target impact, likelihood), target date,
#  controls, actions)
DIVISIONAL: list[tuple[Any, ...]] = [
    (
        "DIV01",
        "Budget",
        "Spending on placements runs ahead of the budget",
        "More children enter care than the budget assumed, and more of them need costly external placements.",
        "Savings have to be found elsewhere, squeezing early help and preventive work.",
        (5, 4),
        (4, 4),
        "2027-03-31",
        [
            "Monthly budget board tracks placement spend against forecast",
            "Placement panel agrees every external placement",
        ],
        [
            (
                "Review every placement costing over £5,000 a week",
                "Head of Service, Children in Care and Care Leavers",
                "2027-01-31",
                "£0 (staff time)",
                "Budget board",
            )
        ],
    ),
    (
        "DIV02",
        "Budget",
        "Agency social workers cost more than permanent staff",
        "Vacant posts are covered by agency workers at a premium.",
        "The staffing budget overspends and money meant for improvement is diverted.",
        (4, 4),
        (3, 4),
        "2027-03-31",
        ["Agency use approved by the assistant director"],
        [
            (
                "Convert long-running agency posts to permanent offers",
                "Assistant Director, Safeguarding",
                "2026-12-31",
                "£60,000",
                "Workforce board",
            )
        ],
    ),
    (
        "DIV03",
        "Safeguarding",
        "Staff do not recognise or act on risk of significant harm",
        "Thresholds are applied unevenly and management oversight is thin in some teams.",
        "A child is left in a harmful situation for too long.",
        (5, 3),
        (5, 2),
        "2027-06-30",
        ["Weekly oversight of open child protection enquiries", "Tier 1 and Tier 2 case audits each month"],
        [
            (
                "Run a themed audit of strategy discussions",
                "Head of Service, Safeguarding and Family Support",
                "2026-10-31",
                "",
                "Performance clinic",
            )
        ],
    ),
    (
        "DIV04",
        "Workforce",
        "Turnover unsettles frontline teams",
        "Experienced workers leave and caseloads rise for those who stay.",
        "Children see many different workers and plans drift.",
        (4, 4),
        (4, 3),
        "2027-03-31",
        ["Retention payments for frontline managers", "Exit interviews reviewed quarterly"],
        [
            (
                "Launch a practice progression route for experienced workers",
                "Assistant Director, Children in Care and Quality",
                "2027-02-28",
                "£25,000",
                "Workforce board",
            )
        ],
    ),
    (
        "DIV05",
        "IT systems",
        "The case recording system does not support good practice",
        "Workflows are slow and reports are hard to build, so staff work around the system.",
        "Records are incomplete and performance figures cannot be trusted.",
        (4, 4),
        (4, 2),
        "2027-03-31",
        ["User group meets monthly to prioritise fixes"],
        [
            (
                "Recruit two report writers for the performance team",
                "Performance and Quality Assurance Manager",
                "2026-09-30",
                "£80,000",
                "Digital board",
            )
        ],
    ),
    (
        "DIV06",
        "Inspections",
        "An inspection finds services inadequate",
        "Weaknesses found by audits are not put right before the next inspection.",
        "Government intervention, loss of confidence and difficulty recruiting.",
        (5, 3),
        (4, 2),
        "2027-09-30",
        ["Self-evaluation refreshed every six months", "Improvement plan tracked by the improvement board"],
        [
            (
                "Mock inspection of the front door",
                "Head of Service, Front Door and Assessment",
                "2027-01-15",
                "",
                "Improvement board",
            )
        ],
    ),
    (
        "DIV07",
        "Early help",
        "Cuts to early help push families towards statutory services",
        "Fewer family support workers and less partner engagement with early help assessments.",
        "Needs escalate and more children need social care.",
        (4, 4),
        (4, 3),
        "2027-09-30",
        ["Early help partnership board reviews take-up of assessments"],
        [
            (
                "Agree a schools offer for family support",
                "Head of Service, Safeguarding and Family Support",
                "2027-04-30",
                "£30,000",
                "Early help board",
            )
        ],
    ),
    (
        "DIV08",
        "School attendance",
        "Children missing education are not found and helped",
        "Pupils with poor attendance are not identified quickly across schools.",
        "Children are exposed to harm or exploitation, and the council fails its duty on attendance.",
        (3, 3),
        (2, 2),
        "2027-03-31",
        ["Attendance meetings with every school each term"],
        [
            (
                "Share a weekly list of pupils below 90% attendance",
                "Head of Service, Safeguarding and Family Support",
                "2026-12-15",
                "",
                "Attendance strategy group",
            )
        ],
    ),
    (
        "DIV09",
        "Placements",
        "Not enough local foster carers for teenagers",
        "Recruitment does not keep pace with carers retiring, and allowances lag behind agencies.",
        "Young people are placed far from home at higher cost.",
        (4, 4),
        (3, 4),
        "2027-06-30",
        ["Dedicated recruitment campaign for carers of teenagers"],
        [
            (
                "Bring foster carer allowances in line with neighbouring councils",
                "Head of Service, Children in Care and Care Leavers",
                "2027-04-01",
                "£120,000 a year",
                "Corporate parenting board",
            )
        ],
    ),
    (
        "DIV10",
        "Access to records",
        "Subject access requests are answered late",
        "A backlog of requests for care records and police disclosures.",
        "Fines from the regulator and harm to people waiting for their own history.",
        (3, 2),
        (2, 2),
        "2027-03-31",
        ["Weekly backlog report to the service manager"],
        [
            (
                "Add a temporary officer to clear the backlog",
                "Performance and Quality Assurance Manager",
                "2026-11-15",
                "£18,000",
                "Information governance board",
            )
        ],
    ),
    (
        "DIV11",
        "Elected members",
        "Councillors are not engaged in the improvement plan",
        "Members receive too little information to challenge and support improvement.",
        "Improvement stalls and intervention continues.",
        (2, 4),
        (2, 3),
        "2027-03-31",
        ["Lead member briefed every week", "Scrutiny committee receives the quarterly report card"],
        [
            (
                "Training on children's services for new members",
                "Director of Children's Services",
                "2027-01-31",
                "",
                "Scrutiny committee",
            )
        ],
    ),
]
