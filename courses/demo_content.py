"""The demo catalogue: the programme's curricula, with Khmer titles and summaries for the courses
workers take, and one course (fire and emergency evacuation) translated in full.

Each course: (slug, title, summary, topic, delivery, minutes, audiences, khmer title, khmer summary,
lessons). Each lesson: (slug, title, paragraphs, key point, quiz or None). A quiz is a list of
(question, [(answer, right)], explanation).
"""

W, S, M, HR, U, T = "workers", "supervisors", "managers", "hr", "union", "trainers"

PROGRAMMES = [
    {
        "slug": "osh",
        "title": "Occupational safety and health",
        "title_km": "សុវត្ថិភាព និងសុខភាពការងារ",
        "summary": "Staying safe at work: fire, electricity, chemicals and heat.",
        "sequential": False,
        "courses": [
            (
                "fire-safety",
                "Fire and emergency evacuation",
                "Know the alarm, the exits and the assembly point, and what to do in the first minute of a fire.",
                "osh",
                "self_paced",
                25,
                [W, S],
                "សុវត្ថិភាពអគ្គីភ័យ និងការជម្លៀសបន្ទាន់",
                "ស្គាល់សំឡេងរោទិ៍ ច្រកចេញ និងទីតាំងប្រមូលផ្តុំ និងអ្វីដែលត្រូវធ្វើក្នុងនាទីដំបូងនៃអគ្គីភ័យ។",
                [
                    (
                        "alarm-and-exits",
                        "The alarm and the exits",
                        [
                            "A fire in a garment factory spreads fast: fabric, thread and dust burn easily.",
                            "When the alarm rings, stop your machine, leave your things and walk to the nearest green exit sign. Do not run and do not use the lift.",
                            "Exits and the paths to them must never be blocked by boxes or bundles. If you see a blocked exit, tell your supervisor at once.",
                        ],
                        "Stop, leave your things, walk to the nearest exit.",
                        None,
                    ),
                    (
                        "assembly-point",
                        "At the assembly point",
                        [
                            "Outside, go to your line's place at the assembly point so your supervisor can count everyone.",
                            "Never go back inside for a bag or a phone. Firefighters need to know who is missing, not search for people who went back.",
                        ],
                        "Go to your place at the assembly point and stay there.",
                        [
                            (
                                "The fire alarm rings. What do you do first?",
                                [
                                    ("Finish the bundle I am sewing", False),
                                    ("Stop my machine and walk to the nearest exit", True),
                                    ("Take the lift", False),
                                ],
                                "Every second counts: stop, leave your things, walk to the nearest exit.",
                            ),
                            (
                                "Which of these keep everyone safe? (two answers)",
                                [
                                    ("Keeping exits clear of boxes", True),
                                    ("Going to my line's place at the assembly point", True),
                                    ("Going back inside for my phone", False),
                                ],
                                "Clear exits and a complete count at the assembly point save lives.",
                            ),
                        ],
                    ),
                ],
                [
                    (
                        "សំឡេងរោទិ៍ និងច្រកចេញ",
                        [
                            "អគ្គីភ័យនៅរោងចក្រកាត់ដេររាលដាលលឿនណាស់៖ ក្រណាត់ អំបោះ និងធូលីឆេះងាយ។",
                            "ពេលសំឡេងរោទិ៍បន្លឺ សូមបិទម៉ាស៊ីន ទុករបស់របរចោល ហើយដើរទៅស្លាកច្រកចេញពណ៌បៃតងដែលនៅជិតបំផុត។ កុំរត់ ហើយកុំប្រើជណ្តើរយន្ត។",
                            "ច្រកចេញ និងផ្លូវទៅច្រកចេញ មិនត្រូវមានប្រអប់ ឬបាច់ក្រណាត់បិទខ្ទប់ឡើយ។ បើឃើញច្រកចេញត្រូវបានបិទ សូមប្រាប់អ្នកគ្រប់គ្រងក្រុមភ្លាម។",
                        ],
                        "បិទម៉ាស៊ីន ទុករបស់របរចោល ដើរទៅច្រកចេញជិតបំផុត។",
                        None,
                    ),
                    (
                        "នៅទីតាំងប្រមូលផ្តុំ",
                        [
                            "នៅខាងក្រៅ សូមទៅកន្លែងរបស់ខ្សែសង្វាក់អ្នកនៅទីតាំងប្រមូលផ្តុំ ដើម្បីឱ្យអ្នកគ្រប់គ្រងក្រុមរាប់គ្រប់គ្នា។",
                            "កុំត្រឡប់ចូលទៅយកកាបូប ឬទូរស័ព្ទវិញឡើយ។ អ្នកពន្លត់អគ្គីភ័យត្រូវដឹងថានរណាបាត់ មិនមែនស្វែងរកអ្នកដែលត្រឡប់ចូលវិញទេ។",
                        ],
                        "ទៅកន្លែងរបស់អ្នកនៅទីតាំងប្រមូលផ្តុំ ហើយនៅទីនោះ។",
                        [
                            (
                                "សំឡេងរោទិ៍អគ្គីភ័យបន្លឺ។ តើអ្នកធ្វើអ្វីមុនគេ?",
                                ["ដេរបាច់ដែលកំពុងដេរឱ្យចប់", "បិទម៉ាស៊ីន ហើយដើរទៅច្រកចេញជិតបំផុត", "ជិះជណ្តើរយន្ត"],
                                "រាល់វិនាទីសំខាន់៖ បិទម៉ាស៊ីន ទុករបស់របរចោល ដើរទៅច្រកចេញជិតបំផុត។",
                            ),
                            (
                                "តើមួយណាជួយឱ្យគ្រប់គ្នាមានសុវត្ថិភាព? (ចម្លើយពីរ)",
                                ["រក្សាច្រកចេញកុំឱ្យមានប្រអប់", "ទៅកន្លែងរបស់ខ្សែសង្វាក់ខ្ញុំនៅទីតាំងប្រមូលផ្តុំ", "ត្រឡប់ចូលទៅយកទូរស័ព្ទ"],
                                "ច្រកចេញដែលស្អាត និងការរាប់គ្រប់គ្នានៅទីតាំងប្រមូលផ្តុំ ជួយសង្គ្រោះជីវិត។",
                            ),
                        ],
                    ),
                ],
            ),
            (
                "electrical-safety",
                "Electrical safety",
                "Spot damaged cables and overloaded sockets, and know why only electricians open panels.",
                "osh",
                "self_paced",
                20,
                [W, S],
                "សុវត្ថិភាពអគ្គិសនី",
                "ស្គាល់ខ្សែភ្លើងខូច និងព្រីភ្លើងផ្ទុកលើសទម្ងន់ ហើយដឹងថាហេតុអ្វីមានតែជាងភ្លើងទេដែលអាចបើកតាប្លូ។",
                [
                    (
                        "cables",
                        "Damaged cables and sockets",
                        [
                            "Look at the cable of your machine at the start of the shift. Cracked insulation, burn marks or a loose plug are dangers.",
                            "One socket for one machine: extension boards chained together overheat.",
                        ],
                        "Report a damaged cable; do not tape it yourself.",
                        [
                            (
                                "The cable of your iron has a crack. What do you do?",
                                [("Wrap it with tape", False), ("Stop using it and tell the supervisor", True)],
                                "Only a qualified electrician repairs cables.",
                            ),
                        ],
                    ),
                ],
                None,
            ),
            (
                "chemical-handling",
                "Handling chemicals safely",
                "Read labels and safety data sheets, wear the right gloves and masks, store and wash correctly.",
                "osh",
                "self_paced",
                30,
                [W, S],
                "ការប្រើប្រាស់សារធាតុគីមីដោយសុវត្ថិភាព",
                "អានស្លាក និងសន្លឹកទិន្នន័យសុវត្ថិភាព ពាក់ស្រោមដៃ និងម៉ាស់ត្រឹមត្រូវ រក្សាទុក និងលាងសម្អាតឱ្យបានត្រឹមត្រូវ។",
                [
                    (
                        "labels",
                        "Reading a label",
                        [
                            "Every container of spot remover, glue or dye must carry a label in Khmer with its hazard pictograms.",
                            "Never pour a chemical into a drinking bottle.",
                        ],
                        "No label, no use.",
                        [
                            (
                                "A bottle of spot remover has no label. What do you do?",
                                [("Use it carefully", False), ("Do not use it and ask the supervisor", True)],
                                "",
                            ),
                        ],
                    ),
                ],
                None,
            ),
            (
                "heat-stress",
                "Heat stress",
                "Recognise the signs of heat illness and help a co-worker who feels faint.",
                "osh",
                "self_paced",
                15,
                [W, S],
                "ភាពតានតឹងដោយកម្តៅ",
                "ស្គាល់សញ្ញានៃជំងឺដោយកម្តៅ ហើយជួយមិត្តរួមការងារដែលមានអារម្មណ៍វិលមុខ។",
                [
                    (
                        "signs",
                        "Signs and first aid",
                        [
                            "Headache, dizziness, heavy sweating and cramps are early signs. Fainting is an emergency.",
                            "Drink water often, before you feel thirsty. Take a co-worker who feels faint to a cool place and call the nurse.",
                        ],
                        "Drink water before you are thirsty.",
                        None,
                    ),
                ],
                None,
            ),
        ],
    },
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
    {
        "slug": "workplace-communication",
        "title": "Workplace communication",
        "title_km": "ការប្រាស្រ័យទាក់ទងនៅកន្លែងធ្វើការ",
        "summary": "Respectful communication between workers, supervisors and managers.",
        "sequential": False,
        "courses": [
            (
                "respectful-communication",
                "Respectful communication on the line",
                "Asking, answering and disagreeing without shouting.",
                "communication",
                "self_paced",
                15,
                [W, S],
                "ការប្រាស្រ័យទាក់ទងដោយគោរពគ្នានៅខ្សែសង្វាក់ផលិតកម្ម",
                "ការសួរ ការឆ្លើយ និងការមិនយល់ស្របដោយមិនស្រែកដាក់គ្នា។",
                [
                    (
                        "tone",
                        "Tone and words",
                        ["Say what happened, how it affects the work, and what you ask for."],
                        "Describe the problem, not the person.",
                        None,
                    )
                ],
                None,
            ),
        ],
    },
    {
        "slug": "child-labour",
        "title": "Child-labour prevention",
        "title_km": "ការបង្ការពលកម្មកុមារ",
        "summary": "For HR and managers: age verification at hiring and what to do if a child is found working.",
        "sequential": False,
        "courses": [
            (
                "age-verification",
                "Age verification and remediation",
                "Checking documents at hiring, spotting false papers, and the steps to take in the child's interest.",
                "child_labour",
                "self_paced",
                30,
                [HR, M],
                None,
                None,
                [
                    (
                        "documents",
                        "Checking age at hiring",
                        ["Check an original identity document and compare the photo and the person."],
                        "Act in the best interest of the child.",
                        None,
                    )
                ],
                None,
            ),
        ],
    },
    {
        "slug": "financial-literacy",
        "title": "Digital wages and financial literacy",
        "title_km": "ប្រាក់ឈ្នួលឌីជីថល និងចំណេះដឹងហិរញ្ញវត្ថុ",
        "summary": "Reading your payslip, using your wage account safely, saving and avoiding debt traps.",
        "sequential": False,
        "courses": [
            (
                "digital-payslip",
                "Your digital payslip and wage account",
                "Check your pay, withdraw safely, and protect your PIN.",
                "financial_literacy",
                "self_paced",
                20,
                [W],
                "ប័ណ្ណបើកប្រាក់ឈ្នួលឌីជីថល និងគណនីប្រាក់ឈ្នួលរបស់អ្នក",
                "ពិនិត្យប្រាក់ឈ្នួលរបស់អ្នក ដកប្រាក់ដោយសុវត្ថិភាព និងការពារលេខសម្ងាត់របស់អ្នក។",
                [
                    (
                        "payslip",
                        "Reading your payslip",
                        [
                            "Your payslip shows basic wage, overtime, bonuses and deductions. Check the hours against your own record.",
                            "Never tell anyone the PIN of your wage account, not even someone who says they are from the bank.",
                        ],
                        "Nobody from the bank will ever ask for your PIN.",
                        [
                            (
                                "Someone calls saying they are from the bank and asks for your PIN. What do you do?",
                                [("Give it, they are from the bank", False), ("Refuse and hang up", True)],
                                "Banks never ask for your PIN.",
                            ),
                        ],
                    )
                ],
                None,
            ),
            (
                "saving-and-debt",
                "Saving and avoiding debt traps",
                "Budgeting a month's wage, saving a little each payday, and the true cost of micro-loans.",
                "financial_literacy",
                "self_paced",
                20,
                [W],
                "ការសន្សំ និងការជៀសវាងអន្ទាក់បំណុល",
                "ការរៀបចំថវិកាប្រាក់ឈ្នួលមួយខែ ការសន្សំបន្តិចៗរាល់ថ្ងៃបើកប្រាក់ និងតម្លៃពិតនៃប្រាក់កម្ចីខ្នាតតូច។",
                [
                    (
                        "budget",
                        "A monthly budget",
                        ["Write down rent, food, transport and money sent home; save what is left first, not last."],
                        "Pay yourself first: save on payday.",
                        None,
                    )
                ],
                None,
            ),
        ],
    },
]

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
