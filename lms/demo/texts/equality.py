"""Gender equality and the prevention of gender-based violence and harassment (C190).

Each course: (slug, title, summary, topic, delivery, minutes, audiences, khmer title, khmer summary,
lessons). Each lesson: (slug, title, paragraphs, key point, quiz or None). A quiz is a list of
(question, [(answer, right)], explanation).
"""

from .audiences import HR, M, S, U, W

EQUALITY = [
    {
        "slug": "gender-equality",
        "title": "Gender equality at work",
        "title_km": "សមភាពយេនឌ័រនៅកន្លែងធ្វើការ",
        "summary": "Discrimination, paid work and care, voice and representation, leadership and skills.",
        "sequential": False,
        "courses": [
            (
                "discrimination",
                "Discrimination at work",
                "What discrimination looks like in hiring, pay and promotion, and what the law says.",
                "gender_equality",
                "self_paced",
                20,
                [W, S, HR],
                "ការរើសអើងនៅកន្លែងធ្វើការ",
                "ការរើសអើងក្នុងការជ្រើសរើស ប្រាក់ឈ្នួល និងការដំឡើងតំណែងមានលក្ខណៈបែបណា ហើយច្បាប់និយាយយ៉ាងដូចម្តេច។",
                [
                    (
                        "examples",
                        "Recognising discrimination",
                        [
                            "Refusing to hire a woman because she is pregnant, or paying women less for the same work, is discrimination.",
                        ],
                        "Equal work, equal pay.",
                        [
                            (
                                "A factory refuses to renew the contract of a pregnant worker because she is pregnant. Is that allowed?",
                                [("Yes", False), ("No, it is discrimination", True)],
                                "Pregnancy is never a reason to end a contract.",
                            ),
                        ],
                    )
                ],
                None,
            ),
            (
                "paid-work-and-care",
                "Paid work and care",
                "Sharing care at home, maternity protection, breastfeeding breaks and childcare at work.",
                "gender_equality",
                "self_paced",
                20,
                [W, S, HR],
                "ការងារមានប្រាក់ឈ្នួល និងការថែទាំ",
                "ការចែករំលែកការថែទាំនៅផ្ទះ ការការពារមាតុភាព ពេលសម្រាកបំបៅដោះកូន និងការថែទាំកុមារនៅកន្លែងធ្វើការ។",
                [
                    (
                        "maternity",
                        "Maternity protection",
                        ["Workers have the right to maternity leave and to breastfeeding breaks when they return."],
                        "Know your maternity rights.",
                        None,
                    )
                ],
                None,
            ),
            (
                "voice",
                "Voice and representation",
                "Why women workers should be represented in unions, committees and dialogue.",
                "gender_equality",
                "classroom",
                120,
                [W, U],
                "សំឡេង និងការតំណាង",
                "ហេតុអ្វីកម្មករស្ត្រីគួរមានតំណាងក្នុងសហជីព គណៈកម្មាធិការ និងកិច្ចសន្ទនា។",
                [
                    (
                        "committees",
                        "Women in committees",
                        ["Committees decide better when the people affected sit at the table."],
                        "Most workers are women; so should be their representatives.",
                        None,
                    )
                ],
                None,
            ),
            (
                "leadership",
                "Leadership and skills",
                "Building the skills women need to become supervisors and leaders.",
                "gender_equality",
                "classroom",
                180,
                [W, S],
                "ភាពជាអ្នកដឹកនាំ និងជំនាញ",
                "ការកសាងជំនាញដែលស្ត្រីត្រូវការ ដើម្បីក្លាយជាអ្នកគ្រប់គ្រងក្រុម និងអ្នកដឹកនាំ។",
                [
                    (
                        "paths",
                        "Paths to supervision",
                        ["Most supervisors began on the line. Ask for cross-training and mentoring."],
                        "Ask for the training you need.",
                        None,
                    )
                ],
                None,
            ),
        ],
    },
    {
        "slug": "gbvh-prevention",
        "title": "Preventing violence and harassment (ILO C190)",
        "title_km": "ការបង្ការអំពើហិង្សា និងការយាយី (អនុសញ្ញា ILO លេខ ១៩០)",
        "summary": "What gender-based violence and harassment is, how to respond and report, and how bystanders help.",
        "sequential": False,
        "courses": [
            (
                "what-is-gbvh",
                "What is violence and harassment at work?",
                "Convention 190 in plain words: behaviours, places and people it covers.",
                "gbvh_prevention",
                "self_paced",
                20,
                [W, S, M, HR],
                "តើអំពើហិង្សា និងការយាយីនៅកន្លែងធ្វើការជាអ្វី?",
                "អនុសញ្ញាលេខ ១៩០ ជាពាក្យសាមញ្ញ៖ អាកប្បកិរិយា ទីកន្លែង និងមនុស្សដែលវាគ្របដណ្តប់។",
                [
                    (
                        "c190",
                        "Convention 190",
                        [
                            "Violence and harassment include physical, psychological, sexual and economic harm, once or repeated.",
                            "It covers the workplace, the commute, factory transport, dormitories and messages on phones.",
                        ],
                        "Harassment on the factory truck is harassment at work.",
                        [
                            (
                                "A supervisor sends a worker unwanted messages at night. Is this harassment at work?",
                                [("No, it is outside working hours", False), ("Yes", True)],
                                "C190 covers work-related communication, including by phone.",
                            ),
                        ],
                    )
                ],
                None,
            ),
            (
                "responding",
                "Responding and reporting",
                "How to report safely, what the factory must do, and where to get help outside.",
                "gbvh_prevention",
                "self_paced",
                20,
                [W, S, HR, U],
                "ការឆ្លើយតប និងការរាយការណ៍",
                "របៀបរាយការណ៍ដោយសុវត្ថិភាព អ្វីដែលរោងចក្រត្រូវធ្វើ និងកន្លែងដែលអាចរកជំនួយពីខាងក្រៅ។",
                [
                    (
                        "report",
                        "Reporting safely",
                        ["You can report to a person you trust: HR, a union representative or the committee."],
                        "Reporting must never cost you your job.",
                        None,
                    )
                ],
                None,
            ),
            (
                "bystanders",
                "Bystander action",
                "Simple, safe ways co-workers can stop harassment when they see it.",
                "gbvh_prevention",
                "classroom",
                120,
                [W, S, U],
                "សកម្មភាពរបស់អ្នកឃើញហេតុការណ៍",
                "វិធីសាមញ្ញ និងសុវត្ថិភាពដែលមិត្តរួមការងារអាចបញ្ឈប់ការយាយីនៅពេលពួកគេឃើញ។",
                [
                    (
                        "five-ds",
                        "Distract, delegate, document, delay, direct",
                        ["Interrupt, get help, write down what you saw, check on the person afterwards."],
                        "You can help without putting yourself at risk.",
                        None,
                    )
                ],
                None,
            ),
        ],
    },
]
