"""The toolkit index and the three toolkits, in English and in Khmer.

Each toolkit: its slug, title and summary, a body saying how to use its checklist (the summary
already says what is in it), and its checklist (a PDF of its own per language: file name,
document title, items). The Khmer index title is the menu's word for "Toolkits", so the menu and
the page agree.
"""

TOOLKIT_INDEX = {
    "title": "Toolkits",
    "intro": "Resources for union contact groups, trainers and programme staff.",
    "title_km": "ឧបករណ៍ជំនួយ",
    "intro_km": "ឯកសារសម្រាប់ក្រុមទំនាក់ទំនងសហជីព គ្រូបង្គោល និងបុគ្គលិកកម្មវិធី។",
}

# The heading of each toolkit's body, above how to use its checklist.
HOW_TO_USE = "How to use it"
HOW_TO_USE_KM = "របៀបប្រើ"

TOOLKITS = [
    {
        "slug": "industrial-relations",
        "title": "Industrial relations toolkit",
        "summary": "Checklists for preparing, negotiating and monitoring a collective bargaining agreement.",
        "how_to_use": [
            "Use the checklist at each meeting of the contact group. Tick a step when it is done and write the date beside it.",
            "Take it to the bargaining meetings, so the whole team sees which steps are still open.",
        ],
        "file_name": "cba-checklist.pdf",
        "document_title": "CBA process checklist",
        "items": [
            "Consult members on demands",
            "Gather facts on wages and hours",
            "Agree the bargaining team and rules",
            "Negotiate in good faith and record each agreement",
            "Sign and register the CBA",
            "Explain the CBA to every worker",
            "Monitor its application together",
        ],
        "title_km": "ឧបករណ៍ជំនួយ ទំនាក់ទំនងវិជ្ជាជីវៈ",
        "summary_km": "បញ្ជីត្រួតពិនិត្យ សម្រាប់រៀបចំ ចរចា និងតាមដានកិច្ចព្រមព្រៀងរួមការងារ។",
        "how_to_use_km": [
            "ប្រើបញ្ជីនេះនៅរាល់ការប្រជុំក្រុមទំនាក់ទំនង។ ពេលជំហានណាមួយរួចរាល់ គូសធីក ហើយសរសេរកាលបរិច្ឆេទនៅក្បែរ។",
            "យកបញ្ជីនេះទៅការប្រជុំចរចា។ ក្រុមទាំងមូលនឹងឃើញជំហានណាដែលមិនទាន់រួច។",
        ],
        "file_name_km": "cba-checklist-km.pdf",
        "document_title_km": "បញ្ជីត្រួតពិនិត្យ ដំណើរការកិច្ចព្រមព្រៀងរួមការងារ",
        "items_km": [
            "ពិគ្រោះជាមួយសមាជិកអំពីសំណូមពរ",
            "ប្រមូលព័ត៌មានអំពីប្រាក់ឈ្នួល និងម៉ោងធ្វើការ",
            "ឯកភាពលើក្រុមចរចា និងវិធាននៃការចរចា",
            "ចរចាដោយសុចរិត ហើយកត់ត្រារាល់ចំណុចដែលបានឯកភាព",
            "ចុះហត្ថលេខា និងចុះបញ្ជីកិច្ចព្រមព្រៀងរួមការងារ",
            "ពន្យល់កិច្ចព្រមព្រៀងរួមការងារដល់កម្មករគ្រប់រូប",
            "តាមដានការអនុវត្តរួមគ្នា",
        ],
    },
    {
        "slug": "gbvh-prevention",
        "title": "GBVH prevention toolkit",
        "summary": "A workplace policy model, a risk assessment form and a confidential reporting procedure (ILO C190).",
        "how_to_use": [
            "Read the procedure with the contact group and HR. For each step, ask: does it happen in our factory today?",
            "Where a step is missing, agree who will do it and by when. Put the names of the people workers can report to on the notice board.",
        ],
        "file_name": "gbvh-reporting-procedure.pdf",
        "document_title": "Confidential reporting procedure",
        "items": [
            "Name at least two people workers can report to",
            "Keep reports confidential",
            "Protect the person who reports from retaliation",
            "Investigate within an agreed time",
            "Record the outcome and the support given",
        ],
        "title_km": "ឧបករណ៍ជំនួយ ការបង្ការអំពើហិង្សា និងការយាយី",
        "summary_km": (
            "គំរូគោលនយោបាយកន្លែងធ្វើការ ទម្រង់វាយតម្លៃហានិភ័យ និងនីតិវិធីរាយការណ៍ដោយរក្សាការសម្ងាត់ (អនុសញ្ញាលេខ ១៩០ នៃអង្គការពលកម្មអន្តរជាតិ)។"
        ),
        "how_to_use_km": [
            "អាននីតិវិធីនេះជាមួយក្រុមទំនាក់ទំនង និងផ្នែកធនធានមនុស្ស។ សម្រាប់ជំហាននីមួយៗ សួរថា៖ តើរោងចក្ររបស់យើងធ្វើវាហើយឬនៅ?",
            "បើជំហានណាមួយមិនទាន់មាន ត្រូវឯកភាពថា អ្នកណាធ្វើ និងធ្វើនៅពេលណា។ បិទឈ្មោះអ្នកដែលកម្មករអាចរាយការណ៍ទៅ នៅលើក្ដារព័ត៌មាន។",
        ],
        "file_name_km": "gbvh-reporting-procedure-km.pdf",
        "document_title_km": "នីតិវិធីរាយការណ៍ដោយរក្សាការសម្ងាត់",
        "items_km": [
            "កំណត់មនុស្សយ៉ាងតិចពីរនាក់ ដែលកម្មករអាចរាយការណ៍ទៅ",
            "រក្សាការរាយការណ៍ជាការសម្ងាត់",
            "ការពារអ្នករាយការណ៍ពីការសងសឹក",
            "ស៊ើបអង្កេតក្នុងរយៈពេលដែលបានឯកភាព",
            "កត់ត្រាលទ្ធផល និងជំនួយដែលបានផ្តល់",
        ],
    },
    {
        "slug": "osh-observation",
        "title": "OSH observation toolkit",
        "summary": "Walk-through observation sheets for fire exits, electrical safety, chemicals and heat.",
        "how_to_use": [
            "Walk through the factory once a month with a supervisor, on a different floor each time. Tick what you see and write down each problem in a few words.",
            "Give a copy to the safety and health committee the same day. Next month, check that the problems were fixed.",
        ],
        "file_name": "osh-observation-sheet.pdf",
        "document_title": "OSH walk-through observation sheet",
        "items": [
            "Exits and aisles clear",
            "Fire extinguishers in place and checked",
            "Cables and sockets undamaged",
            "Chemicals labelled and stored",
            "Drinking water available on every floor",
            "Temperature recorded at noon",
        ],
        "title_km": "ឧបករណ៍ជំនួយ ការសង្កេតសុវត្ថិភាព និងសុខភាពការងារ",
        "summary_km": "សន្លឹកសង្កេតពេលដើរពិនិត្យរោងចក្រ៖ ច្រកចេញពេលអគ្គិភ័យ សុវត្ថិភាពអគ្គិសនី សារធាតុគីមី និងកម្តៅ។",
        "how_to_use_km": [
            "ដើរពិនិត្យរោងចក្រម្តងក្នុងមួយខែ ជាមួយអ្នកគ្រប់គ្រងក្រុម។ ប្តូរជាន់រៀងរាល់ដង។ គូសធីកអ្វីដែលអ្នកឃើញ ហើយសរសេរបញ្ហានីមួយៗខ្លីៗ។",
            "ប្រគល់ច្បាប់ចម្លងមួយទៅគណៈកម្មការសុវត្ថិភាព និងសុខភាពការងារ នៅថ្ងៃដដែល។ ខែក្រោយ ពិនិត្យមើលថា បញ្ហាទាំងនោះបានជួសជុលហើយ។",
        ],
        "file_name_km": "osh-observation-sheet-km.pdf",
        "document_title_km": "សន្លឹកសង្កេតសុវត្ថិភាព និងសុខភាពការងារ",
        "items_km": [
            "ច្រកចេញ និងផ្លូវដើរ គ្មានអ្វីរារាំង",
            "បំពង់ពន្លត់អគ្គិភ័យនៅកន្លែង ហើយបានត្រួតពិនិត្យ",
            "ខ្សែភ្លើង និងព្រីភ្លើង មិនខូច",
            "សារធាតុគីមីមានស្លាក ហើយទុកដាក់ត្រឹមត្រូវ",
            "មានទឹកផឹកនៅគ្រប់ជាន់",
            "កត់ត្រាសីតុណ្ហភាពនៅម៉ោង ១២ ថ្ងៃត្រង់",
        ],
    },
]
