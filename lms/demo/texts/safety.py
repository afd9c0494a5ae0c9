"""Occupational safety and health, with the fire course translated into Khmer in full.

Each course: (slug, title, summary, topic, delivery, minutes, audiences, khmer title, khmer summary,
lessons). Each lesson: (slug, title, paragraphs, key point, quiz or None). A quiz is a list of
(question, [(answer, right)], explanation).
"""

from .audiences import S, W

SAFETY = [
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
]
