"""The demo catalogue's words: the programme's curricula, with Khmer titles and summaries for the
courses workers take and one course (fire and emergency evacuation) translated in full, and the
toolkits. One module per group of programmes; `PROGRAMMES` keeps the catalogue's order.
"""

from .equality import EQUALITY
from .everyday import EVERYDAY
from .safety import SAFETY
from .toolkits import TOOLKITS
from .workplace import WORKPLACE

PROGRAMMES = [*SAFETY, *WORKPLACE, *EQUALITY, *EVERYDAY]

__all__ = ["PROGRAMMES", "TOOLKITS"]
