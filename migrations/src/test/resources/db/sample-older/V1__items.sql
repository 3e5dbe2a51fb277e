-- A store's first version, as hand-written migrations would have made it.
CREATE TABLE item (
    id    int PRIMARY KEY,
    name  text NOT NULL
);
