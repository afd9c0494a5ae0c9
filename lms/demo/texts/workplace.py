"""Supervisory skills and industrial relations.

Each course: (slug, title, summary, topic, delivery, minutes, audiences, khmer title, khmer summary,
lessons). Each lesson: (slug, title, paragraphs, key point, quiz or None). A quiz is a list of
(question, [(answer, right)], explanation).
"""

from .audiences import HR, M, S, U

WORKPLACE = [
    {
        "slug": "supervisory-skills",
        "title": "Supervisory skills",
        "title_km": "ជំនាញអ្នកគ្រប់គ្រងក្រុម",
        "summary": "For line supervisors: communicating, giving instructions and building cooperation. Take the courses in order.",
        "sequential": True,
        "courses": [
            (
                "communication",
                "Communication for supervisors",
                "Listening, speaking respectfully and checking understanding on the line.",
                "supervisory_skills",
                "classroom",
                180,
                [S],
                None,
                None,
                [
                    (
                        "listening",
                        "Active listening",
                        ["Look at the person, let them finish, repeat back what you heard."],
                        "Listen first, then answer.",
                        None,
                    )
                ],
                None,
            ),
            (
                "instructions",
                "Giving clear instructions",
                "Explain, show, let the worker try, and check — instead of shouting targets.",
                "supervisory_skills",
                "classroom",
                180,
                [S],
                None,
                None,
                [
                    (
                        "explain-show-try",
                        "Explain, show, try, check",
                        ["Break the task into steps. Show it once at normal speed and once slowly."],
                        "Show, then let them try.",
                        None,
                    )
                ],
                None,
            ),
            (
                "cooperation",
                "Workplace cooperation",
                "Solving problems on the line together with workers and their representatives.",
                "supervisory_skills",
                "classroom",
                180,
                [S, U],
                None,
                None,
                [
                    (
                        "problem-solving",
                        "Solving problems together",
                        ["Invite the people who do the work to find the cause of a problem."],
                        "The people who do the work know it best.",
                        None,
                    )
                ],
                None,
            ),
        ],
    },
    {
        "slug": "industrial-relations",
        "title": "Industrial relations leadership",
        "title_km": "ភាពជាអ្នកដឹកនាំទំនាក់ទំនងវិជ្ជាជីវៈ",
        "summary": "For union leaders, worker representatives and managers: dialogue, grievances and collective bargaining.",
        "sequential": False,
        "courses": [
            (
                "representatives",
                "The role of worker representatives",
                "What shop stewards and union leaders do, and the protections the Labour Law gives them.",
                "industrial_relations",
                "seminar",
                240,
                [U, M],
                None,
                None,
                [
                    (
                        "role",
                        "Representing workers",
                        ["Representatives raise workers' concerns and take part in dialogue with management."],
                        "Representation is a right.",
                        None,
                    )
                ],
                None,
            ),
            (
                "cba-process",
                "The collective bargaining agreement process",
                "From preparing demands to signing and applying a collective bargaining agreement (CBA).",
                "industrial_relations",
                "seminar",
                360,
                [U, M, HR],
                None,
                None,
                [
                    (
                        "steps",
                        "Steps of bargaining",
                        [
                            "Prepare: consult members and gather facts on wages, hours and conditions.",
                            "Negotiate in good faith, record what is agreed, and sign the CBA.",
                            "Register it, explain it to every worker, and check together that it is applied.",
                        ],
                        "A CBA works only when every worker knows it.",
                        None,
                    )
                ],
                None,
            ),
            (
                "grievances",
                "Handling grievances",
                "Receiving, investigating and resolving complaints fairly and quickly.",
                "industrial_relations",
                "classroom",
                180,
                [U, HR, S],
                None,
                None,
                [
                    (
                        "procedure",
                        "A fair procedure",
                        ["Write down the complaint, hear both sides, answer in writing within an agreed time."],
                        "Answer every grievance in writing.",
                        None,
                    )
                ],
                None,
            ),
        ],
    },
]
