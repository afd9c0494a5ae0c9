"""The three toolkits: (slug, title, summary, file name, document title, checklist items)."""

TOOLKITS = [
    (
        "industrial-relations",
        "Industrial relations toolkit",
        "Checklists for preparing, negotiating and monitoring a collective bargaining agreement.",
        "cba-checklist.pdf",
        "CBA process checklist",
        [
            "Consult members on demands",
            "Gather facts on wages and hours",
            "Agree the bargaining team and rules",
            "Negotiate in good faith and record each agreement",
            "Sign and register the CBA",
            "Explain the CBA to every worker",
            "Monitor its application together",
        ],
    ),
    (
        "gbvh-prevention",
        "GBVH prevention toolkit",
        "A workplace policy model, a risk assessment form and a confidential reporting procedure (ILO C190).",
        "gbvh-reporting-procedure.pdf",
        "Confidential reporting procedure",
        [
            "Name at least two people workers can report to",
            "Keep reports confidential",
            "Protect the person who reports from retaliation",
            "Investigate within an agreed time",
            "Record the outcome and the support given",
        ],
    ),
    (
        "osh-observation",
        "OSH observation toolkit",
        "Walk-through observation sheets for fire exits, electrical safety, chemicals and heat.",
        "osh-observation-sheet.pdf",
        "OSH walk-through observation sheet",
        [
            "Exits and aisles clear",
            "Fire extinguishers in place and checked",
            "Cables and sockets undamaged",
            "Chemicals labelled and stored",
            "Drinking water available on every floor",
            "Temperature recorded at noon",
        ],
    ),
]
