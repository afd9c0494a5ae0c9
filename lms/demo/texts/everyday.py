"""Workplace communication, child-labour prevention and financial literacy.

Each course: (slug, title, summary, topic, delivery, minutes, audiences, khmer title, khmer summary,
lessons). Each lesson: (slug, title, paragraphs, key point, quiz or None). A quiz is a list of
(question, [(answer, right)], explanation).
"""

from .audiences import HR, M, S, W

EVERYDAY = [
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
