"""Demo content for ``manage.py load_demo``: the data (``content``) and its artwork (``images``)."""
