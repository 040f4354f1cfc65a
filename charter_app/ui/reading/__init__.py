"""The reading view: the charter as people read it, the home of the window.

``blocks`` turns a charter (and the suggestions shown in it) into the blocks people read, with
where each letter comes from in the source; ``text`` shows them in a read-only text view with
paragraph numbers; ``margin`` and ``cards`` put comments and suggestions beside their passages;
``view`` assembles them with the actions on a selection; ``feature`` loads what the margin
shows off the UI thread and records what people do there through the application layer.
"""
