"""The curator CLI's old name, kept while users move: ``python -m alibaba_ai_data.intake`` runs
``python -m alibaba_ai_data.curation`` (the intake itself is the package alibaba_ai_data/curation/)."""

import sys

from alibaba_ai_data.curation.cli import main

if __name__ == "__main__":
    print("note: python -m alibaba_ai_data.intake is now python -m alibaba_ai_data.curation", file=sys.stderr)
    sys.exit(main())
