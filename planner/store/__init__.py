"""Storage: files written atomically with a backup beside them (``files``), the TinyDB
storage over one validated JSON file (``records``), the day format's one encoder and decoder
(``day_format``), the days tree (``days``) and derived cache files (``cache_files``). The
only package that imports TinyDB and filelock."""
