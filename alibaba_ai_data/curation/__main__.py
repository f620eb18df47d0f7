"""``python -m alibaba_ai_data.curation``: the curator's command line (cli.py)."""

import sys

from alibaba_ai_data.curation.cli import main

sys.exit(main())
