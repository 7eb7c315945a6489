-- Delete a saved ranking preset. Parameter: $name.
DELETE FROM ranking_preset WHERE name = $name
