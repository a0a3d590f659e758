"""Centre side of candidacies: one inbox per training, the candidacy page (workflow, interview,
eligibility check), the person file (identity, duplicates, merge), the list of messages.

Every query starts from ``visible_to(user)``; views declare their capability. Opening a person
file or a candidacy page is written to the access log. One module per page family; the forms
in ``forms.py``, the URLs in ``urls.py``.
"""
