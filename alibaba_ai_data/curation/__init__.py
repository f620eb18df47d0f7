"""Curator intake, by stage: an article's text becomes checked rows for data/.

    text.py                    article text -> sentences and verbatim excerpts; the new source row
    dates.py, periods.py       a sentence -> the dates it names, the periods its figures measure
    figures.py, measures.py    a sentence -> its figures, and what each measures
    extract.py                 article text -> candidates (one per figure or date)
    proposals.py               candidates -> proposed rows, one per target table row
                               (built by spending_rows.py, series_rows.py, on cells.py)
    compare.py                 proposals + data/ -> each marked new, duplicate or conflict
    check.py                   proposals + data/'s files -> each proposal's problems, loaded as a write would
    write.py                   ready, new proposals -> rows appended to data/ through alibaba_ai_data.writes

``python -m alibaba_ai_data.curation`` runs the stages on one article (cli.py). Rules, not a model: every row is a
proposal a curator accepts, edits or drops. Only the curator's page and the CLI import this package; the read side
never does.
"""
