"""Text the importers read and write, below any one format.

* :mod:`~trimtab.importers.text.csvread`: an export as CSV records that remember their line,
  and header names bound to columns (:class:`~trimtab.importers.text.csvread.ExportText`, the
  object every reader and third-party importer is given);
* :mod:`~trimtab.importers.text.xmlread` and :mod:`~trimtab.importers.text.bounds`: XML
  exports as flat elements with their places, and the shape limits checked before any tree is
  built;
* :mod:`~trimtab.importers.text.values`: money, quantities, percents and dates of export cells,
  read exactly;
* :mod:`~trimtab.importers.text.yamltext`: where things are in the household file's YAML
  text, and the text edits the merge makes.
"""
